# Redraws singular_values_gru_orthogonal.svg from the CSV data alone. Run in this folder: gnuplot singular_values_gru_orthogonal.gp
# Writes singular_values_gru_orthogonal-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "singular_values_gru_orthogonal-gnuplot.svg"
set title "gru, init orthogonal: singular values of each gate block of W_hh" noenhanced
set xlabel "index (largest first)" noenhanced
set ylabel "singular value (log scale)" noenhanced
set key outside right top noenhanced
set grid
set ytics ("1e0" -2.0000000000000002e-16, "1e0" -1.0000000000000001e-16, "1e0" 0.0, "1e0" 1.0000000000000002e-16, "1e0" 2.0000000000000002e-16, "1e0" 3.0000000000000004e-16)
set yrange [-2.1697367997448965e-16:3.1340642662981824e-16]
plot "spectrum.csv" using (strcol("cell") eq "gru" && strcol("init") eq "orthogonal" && strcol("matrix") eq "weight_hh_l0/r" && strcol("seed") eq "1" ? column("index") : 1/0):(log10(column("singular_value"))) with linespoints lw 1.6 pt 7 ps 0.7 pi 4 lc rgb "#0072B2" title "weight_hh_l0/r", \
     "spectrum.csv" using (strcol("cell") eq "gru" && strcol("init") eq "orthogonal" && strcol("matrix") eq "weight_hh_l0/z" && strcol("seed") eq "1" ? column("index") : 1/0):(log10(column("singular_value"))) with linespoints lw 1.6 pt 5 ps 0.7 pi 4 lc rgb "#D55E00" title "weight_hh_l0/z", \
     "spectrum.csv" using (strcol("cell") eq "gru" && strcol("init") eq "orthogonal" && strcol("matrix") eq "weight_hh_l0/n" && strcol("seed") eq "1" ? column("index") : 1/0):(log10(column("singular_value"))) with linespoints lw 1.6 pt 9 ps 0.7 pi 4 lc rgb "#009E73" title "weight_hh_l0/n"
