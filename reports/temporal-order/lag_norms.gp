# Redraws lag_norms.svg from the CSV data alone. Run in this folder: gnuplot lag_norms.gp
# Writes lag_norms-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "lag_norms-gnuplot.svg"
set title "‖∂L/∂h_t‖ against lag, first record dashed, last solid (seed 1, length 50)" noenhanced
set xlabel "lag T − t" noenhanced
set ylabel "‖∂L/∂h_t‖ (log scale)" noenhanced
set key outside right top noenhanced
set grid
set ytics ("1e-3" -3.0, "1e-2" -2.0, "1e-1" -1.0, "1e0" 0.0)
set yrange [-3.5287857181751794:0.5472735320197243]
plot "lag_norms.csv" using (strcol("arm") eq "msgd" && strcol("clip") eq "none" && strcol("clip_threshold") eq "1" && strcol("omega") eq "0" && strcol("seed") eq "1" && strcol("length") eq "50" && strcol("update") eq "4000" ? column("lag") : 1/0):(column("grad_h_log10")) with linespoints lw 1.6 pt 7 ps 0.7 pi 3 lc rgb "#0072B2" title "arm=msgd (update 4000)", \
     "lag_norms.csv" using (strcol("arm") eq "msgd" && strcol("clip") eq "none" && strcol("clip_threshold") eq "1" && strcol("omega") eq "0" && strcol("seed") eq "1" && strcol("length") eq "50" && strcol("update") eq "1" ? column("lag") : 1/0):(column("grad_h_log10")) with lines lw 1.6 lc rgb "#0072B2" dt 2 notitle, \
     "lag_norms.csv" using (strcol("arm") eq "msgd-c" && strcol("clip") eq "global-norm" && strcol("clip_threshold") eq "1" && strcol("omega") eq "0" && strcol("seed") eq "1" && strcol("length") eq "50" && strcol("update") eq "4000" ? column("lag") : 1/0):(column("grad_h_log10")) with linespoints lw 1.6 pt 5 ps 0.7 pi 3 lc rgb "#D55E00" title "arm=msgd-c (update 4000)", \
     "lag_norms.csv" using (strcol("arm") eq "msgd-c" && strcol("clip") eq "global-norm" && strcol("clip_threshold") eq "1" && strcol("omega") eq "0" && strcol("seed") eq "1" && strcol("length") eq "50" && strcol("update") eq "1" ? column("lag") : 1/0):(column("grad_h_log10")) with lines lw 1.6 lc rgb "#D55E00" dt 2 notitle, \
     "lag_norms.csv" using (strcol("arm") eq "msgd-cr" && strcol("clip") eq "global-norm" && strcol("clip_threshold") eq "1" && strcol("omega") eq "2" && strcol("seed") eq "1" && strcol("length") eq "50" && strcol("update") eq "4000" ? column("lag") : 1/0):(column("grad_h_log10")) with linespoints lw 1.6 pt 9 ps 0.7 pi 3 lc rgb "#009E73" title "arm=msgd-cr (update 4000)", \
     "lag_norms.csv" using (strcol("arm") eq "msgd-cr" && strcol("clip") eq "global-norm" && strcol("clip_threshold") eq "1" && strcol("omega") eq "2" && strcol("seed") eq "1" && strcol("length") eq "50" && strcol("update") eq "1" ? column("lag") : 1/0):(column("grad_h_log10")) with lines lw 1.6 lc rgb "#009E73" dt 2 notitle
