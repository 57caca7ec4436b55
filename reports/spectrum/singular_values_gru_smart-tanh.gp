# Redraws singular_values_gru_smart-tanh.svg from the CSV data alone. Run in this folder: gnuplot singular_values_gru_smart-tanh.gp
# Writes singular_values_gru_smart-tanh-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "singular_values_gru_smart-tanh-gnuplot.svg"
set title "gru, init smart-tanh: singular values of each gate block of W_hh" noenhanced
set xlabel "index (largest first)" noenhanced
set ylabel "singular value (log scale)" noenhanced
set key outside right top noenhanced
set grid
set ytics ("1e-2" -2.0, "1e-1" -1.0, "1e0" 0.0)
set yrange [-2.360277799077904:0.4103209628016888]
plot "spectrum.csv" using (strcol("cell") eq "gru" && strcol("init") eq "smart-tanh" && strcol("matrix") eq "weight_hh_l0/r" && strcol("seed") eq "1" ? column("index") : 1/0):(log10(column("singular_value"))) with linespoints lw 1.6 pt 7 ps 0.7 pi 4 lc rgb "#0072B2" title "weight_hh_l0/r", \
     "spectrum.csv" using (strcol("cell") eq "gru" && strcol("init") eq "smart-tanh" && strcol("matrix") eq "weight_hh_l0/z" && strcol("seed") eq "1" ? column("index") : 1/0):(log10(column("singular_value"))) with linespoints lw 1.6 pt 5 ps 0.7 pi 4 lc rgb "#D55E00" title "weight_hh_l0/z", \
     "spectrum.csv" using (strcol("cell") eq "gru" && strcol("init") eq "smart-tanh" && strcol("matrix") eq "weight_hh_l0/n" && strcol("seed") eq "1" ? column("index") : 1/0):(log10(column("singular_value"))) with linespoints lw 1.6 pt 9 ps 0.7 pi 4 lc rgb "#009E73" title "weight_hh_l0/n"
