# Redraws singular_values_rnn-tanh.svg from the CSV data alone. Run in this folder: gnuplot singular_values_rnn-tanh.gp
# Writes singular_values_rnn-tanh-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "singular_values_rnn-tanh-gnuplot.svg"
set title "rnn-tanh: singular values of weight_hh_l0" noenhanced
set xlabel "index (largest first)" noenhanced
set ylabel "singular value (log scale)" noenhanced
set key outside right top noenhanced
set grid
set ytics ("1e-2" -2.0, "1e-1" -1.0, "1e0" 0.0)
set yrange [-2.54996521868557:0.4007704003331264]
plot "spectrum.csv" using (strcol("cell") eq "rnn-tanh" && strcol("init") eq "pytorch" && strcol("matrix") eq "weight_hh_l0" && strcol("seed") eq "1" ? column("index") : 1/0):(log10(column("singular_value"))) with linespoints lw 1.6 pt 7 ps 0.7 pi 4 lc rgb "#0072B2" title "init pytorch", \
     "spectrum.csv" using (strcol("cell") eq "rnn-tanh" && strcol("init") eq "orthogonal" && strcol("matrix") eq "weight_hh_l0" && strcol("seed") eq "1" ? column("index") : 1/0):(log10(column("singular_value"))) with linespoints lw 1.6 pt 5 ps 0.7 pi 4 lc rgb "#D55E00" title "init orthogonal", \
     "spectrum.csv" using (strcol("cell") eq "rnn-tanh" && strcol("init") eq "identity" && strcol("matrix") eq "weight_hh_l0" && strcol("seed") eq "1" ? column("index") : 1/0):(log10(column("singular_value"))) with linespoints lw 1.6 pt 9 ps 0.7 pi 4 lc rgb "#009E73" title "init identity", \
     "spectrum.csv" using (strcol("cell") eq "rnn-tanh" && strcol("init") eq "smart-tanh" && strcol("matrix") eq "weight_hh_l0" && strcol("seed") eq "1" ? column("index") : 1/0):(log10(column("singular_value"))) with linespoints lw 1.6 pt 13 ps 0.7 pi 4 lc rgb "#CC79A7" title "init smart-tanh"
