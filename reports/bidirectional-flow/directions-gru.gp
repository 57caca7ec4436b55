# Redraws directions-gru.svg from the CSV data alone. Run in this folder: gnuplot directions-gru.gp
# Writes directions-gru-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "directions-gru-gnuplot.svg"
set title "gru: ‖∂L/∂h_t‖ of each direction by input position (layer 0)" noenhanced
set xlabel "input position t" noenhanced
set ylabel "‖∂L/∂h_t‖" noenhanced
set key outside right top noenhanced
set grid
set ytics ("1e-4" -4.0, "1e-3" -3.0, "1e-2" -2.0, "1e-1" -1.0, "1e0" 0.0)
set yrange [-4.6983222528970785:0.3941249316947594]
plot "direction_norms.csv" using (strcol("cell") eq "gru" && strcol("directions") eq "1" && strcol("seed") eq "1" && strcol("layer") eq "0" && strcol("direction") eq "forward" ? column("t") : 1/0):(column("grad_h_log10")) with linespoints lw 1.6 pt 7 ps 0.7 pi 7 lc rgb "#0072B2" title "unidirectional, forward", \
     "direction_norms.csv" using (strcol("cell") eq "gru" && strcol("directions") eq "2" && strcol("seed") eq "1" && strcol("layer") eq "0" && strcol("direction") eq "forward" ? column("t") : 1/0):(column("grad_h_log10")) with linespoints lw 1.6 pt 5 ps 0.7 pi 7 lc rgb "#D55E00" title "bidirectional, forward", \
     "direction_norms.csv" using (strcol("cell") eq "gru" && strcol("directions") eq "2" && strcol("seed") eq "1" && strcol("layer") eq "0" && strcol("direction") eq "reverse" ? column("t") : 1/0):(column("grad_h_log10")) with linespoints lw 1.6 pt 9 ps 0.7 pi 7 lc rgb "#009E73" dt 2 title "bidirectional, reverse"
