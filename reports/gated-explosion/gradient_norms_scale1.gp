# Redraws gradient_norms_scale1.svg from the CSV data alone. Run in this folder: gnuplot gradient_norms_scale1.gp
# Writes gradient_norms_scale1-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "gradient_norms_scale1-gnuplot.svg"
set title "‖∂L/∂h_t‖ at sigma_max 1 (seed 1)" noenhanced
set xlabel "lag T − t" noenhanced
set ylabel "‖∂L/∂h_t‖ (log scale)" noenhanced
set key outside right top noenhanced
set grid
set ytics ("1e-40" -40.0, "1e-30" -30.0, "1e-20" -20.0, "1e-10" -10.0, "1e0" 0.0)
set yrange [-44.31098703934448:2.1270650534573003]
plot "gradient_norms.csv" using (strcol("cell") eq "lstm" && strcol("sigma_max") eq "1" && strcol("seed") eq "1" && strcol("layer") eq "0" ? column("lag") : 1/0):(column("grad_h_log10")) with linespoints lw 1.6 pt 7 ps 0.7 pi 5 lc rgb "#0072B2" title "lstm, gaussian", \
     "gradient_norms.csv" using (strcol("cell") eq "gru" && strcol("sigma_max") eq "1" && strcol("seed") eq "1" && strcol("layer") eq "0" ? column("lag") : 1/0):(column("grad_h_log10")) with linespoints lw 1.6 pt 5 ps 0.7 pi 5 lc rgb "#D55E00" title "gru, gaussian"
