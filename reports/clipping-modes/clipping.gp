# Redraws clipping.svg from the CSV data alone. Run in this folder: gnuplot clipping.gp
# Writes clipping-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "clipping-gnuplot.svg"
set title "Gradient norm before and after clipping (seed 1)" noenhanced
set xlabel "σ_max(W_hh)" noenhanced
set ylabel "‖g‖ (log scale)" noenhanced
set key below left noenhanced
set grid
set ytics ("1e0" 0.0, "1e5" 5.0, "1e10" 10.0)
set yrange [-0.9133846625543862:12.89823705086712]
plot "clipping.csv" using (strcol("mode") eq "global-norm-pytorch" && strcol("seed") eq "1" ? column("sigma_max") : 1/0):(log10(column("pre_clip_norm"))) with linespoints lw 1.6 pt 7 ps 0.7 pi 2 lc rgb "#0072B2" dt 2 title "pre-clip (all modes)", \
     "clipping.csv" using (strcol("mode") eq "mikolov-bptt" && strcol("seed") eq "1" ? column("sigma_max") : 1/0):(log10(column("post_clip_norm"))) with linespoints lw 1.6 pt 5 ps 0.7 pi 2 lc rgb "#D55E00" title "post-clip, mikolov-bptt", \
     "clipping.csv" using (strcol("mode") eq "global-norm-pytorch" && strcol("seed") eq "1" ? column("sigma_max") : 1/0):(log10(column("post_clip_norm"))) with linespoints lw 1.6 pt 9 ps 0.7 pi 2 lc rgb "#009E73" title "post-clip, global-norm-pytorch", \
     "clipping.csv" using (strcol("mode") eq "global-norm-exact" && strcol("seed") eq "1" ? column("sigma_max") : 1/0):(log10(column("post_clip_norm"))) with linespoints lw 1.6 pt 13 ps 0.7 pi 2 lc rgb "#CC79A7" title "post-clip, global-norm-exact", \
     "clipping.csv" using (strcol("mode") eq "per-tensor-norm" && strcol("seed") eq "1" ? column("sigma_max") : 1/0):(log10(column("post_clip_norm"))) with linespoints lw 1.6 pt 11 ps 0.7 pi 2 lc rgb "#E69F00" title "post-clip, per-tensor-norm", \
     "clipping.csv" using (strcol("mode") eq "value" && strcol("seed") eq "1" ? column("sigma_max") : 1/0):(log10(column("post_clip_norm"))) with linespoints lw 1.6 pt 2 ps 0.7 pi 2 lc rgb "#56B4E9" title "post-clip, value"
