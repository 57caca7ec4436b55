# Redraws gradient_norms.svg from the CSV data alone. Run in this folder: gnuplot gradient_norms.gp
# Writes gradient_norms-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "gradient_norms-gnuplot.svg"
set title "‖∂L/∂h_t‖ / ‖∂L/∂h_T‖ against lag, W_hh = s·I" noenhanced
set xlabel "lag T − t" noenhanced
set ylabel "ratio to the last step (log scale)" noenhanced
set key outside right top noenhanced
set grid
set ytics ("1e-2" -2.0, "1e0" 0.0, "1e2" 2.0)
set yrange [-3.519559625506345:3.456139946366877]
plot "gradient_norms.csv" using (strcol("scale") eq "0.98" && strcol("coupling") eq "" ? column("lag") : 1/0):(log10(column("ratio_to_last"))) with linespoints lw 1.6 pt 7 ps 0.7 pi 5 lc rgb "#0072B2" title "s = 0.98", \
     "gradient_norms.csv" using (strcol("scale") eq "0.99" && strcol("coupling") eq "" ? column("lag") : 1/0):(log10(column("ratio_to_last"))) with linespoints lw 1.6 pt 5 ps 0.7 pi 5 lc rgb "#D55E00" title "s = 0.99", \
     "gradient_norms.csv" using (strcol("scale") eq "1.01" && strcol("coupling") eq "" ? column("lag") : 1/0):(log10(column("ratio_to_last"))) with linespoints lw 1.6 pt 9 ps 0.7 pi 5 lc rgb "#009E73" title "s = 1.01", \
     "gradient_norms.csv" using (strcol("scale") eq "1.02" && strcol("coupling") eq "" ? column("lag") : 1/0):(log10(column("ratio_to_last"))) with linespoints lw 1.6 pt 13 ps 0.7 pi 5 lc rgb "#CC79A7" title "s = 1.02"
