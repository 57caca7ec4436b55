# Redraws precision-gru.svg from the CSV data alone. Run in this folder: gnuplot precision-gru.gp
# Writes precision-gru-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "precision-gru-gnuplot.svg"
set title "gru: ‖∂L/∂h_t‖ exact and stored in each format (loss scale 1)" noenhanced
set xlabel "lag (steps back from T)" noenhanced
set ylabel "‖∂L/∂h_t‖" noenhanced
set key outside right top noenhanced
set grid
set ytics ("1e-300" -300.0, "1e-200" -200.0, "1e-100" -100.0, "1e0" 0.0)
set yrange [-379.4130664828045:18.307961341136416]
plot "precision_norms.csv" using (strcol("cell") eq "gru" && strcol("loss_scale") eq "1" && strcol("seed") eq "1" && strcol("layer") eq "0" && strcol("format") eq "exact" ? column("lag") : 1/0):(column("grad_h_log10")) with linespoints lw 1.6 pt 7 ps 0.7 pi 5 lc rgb "#0072B2" title "exact (scaled)", \
     "precision_norms.csv" using (strcol("cell") eq "gru" && strcol("loss_scale") eq "1" && strcol("seed") eq "1" && strcol("layer") eq "0" && strcol("format") eq "float64" ? column("lag") : 1/0):(column("grad_h_log10")) with linespoints lw 1.6 pt 5 ps 0.7 pi 5 lc rgb "#D55E00" dt 2 title "float64", \
     "precision_norms.csv" using (strcol("cell") eq "gru" && strcol("loss_scale") eq "1" && strcol("seed") eq "1" && strcol("layer") eq "0" && strcol("format") eq "float32" ? column("lag") : 1/0):(column("grad_h_log10")) with linespoints lw 1.6 pt 9 ps 0.7 pi 5 lc rgb "#009E73" dt 2 title "float32", \
     "precision_norms.csv" using (strcol("cell") eq "gru" && strcol("loss_scale") eq "1" && strcol("seed") eq "1" && strcol("layer") eq "0" && strcol("format") eq "bfloat16" ? column("lag") : 1/0):(column("grad_h_log10")) with linespoints lw 1.6 pt 13 ps 0.7 pi 5 lc rgb "#CC79A7" dt 2 title "bfloat16", \
     "precision_norms.csv" using (strcol("cell") eq "gru" && strcol("loss_scale") eq "1" && strcol("seed") eq "1" && strcol("layer") eq "0" && strcol("format") eq "float16" ? column("lag") : 1/0):(column("grad_h_log10")) with linespoints lw 1.6 pt 11 ps 0.7 pi 5 lc rgb "#E69F00" dt 2 title "float16"
