# Redraws gradient_norms.svg from the CSV data alone. Run in this folder: gnuplot gradient_norms.gp
# Writes gradient_norms-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "gradient_norms-gnuplot.svg"
set title "‖∂L/∂h_t‖ against lag, W_hh = s·I" noenhanced
set xlabel "lag T − t" noenhanced
set ylabel "‖∂L/∂h_t‖ (log scale)" noenhanced
set key outside right top noenhanced
set grid
set format y "1e%g"
plot "gradient_norms.csv" using (strcol("scale") eq "0.98" ? column("lag") : 1/0):(column("grad_h_log10")) with lines lw 1.6 lc rgb "#0072B2" title "s = 0.98", \
     "gradient_norms.csv" using (strcol("scale") eq "0.99" ? column("lag") : 1/0):(column("grad_h_log10")) with lines lw 1.6 lc rgb "#D55E00" title "s = 0.99", \
     "gradient_norms.csv" using (strcol("scale") eq "1.01" ? column("lag") : 1/0):(column("grad_h_log10")) with lines lw 1.6 lc rgb "#009E73" title "s = 1.01", \
     "gradient_norms.csv" using (strcol("scale") eq "1.02" ? column("lag") : 1/0):(column("grad_h_log10")) with lines lw 1.6 lc rgb "#CC79A7" title "s = 1.02"
