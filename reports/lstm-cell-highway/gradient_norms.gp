# Redraws gradient_norms.svg from the CSV data alone. Run in this folder: gnuplot gradient_norms.gp
# Writes gradient_norms-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "gradient_norms-gnuplot.svg"
set title ": gradient norms by forget_bias" noenhanced
set xlabel "lag T − t" noenhanced
set ylabel "gradient norm (log scale)" noenhanced
set key outside right top noenhanced
set grid
set format y "1e%g"
plot "gradient_norms.csv" using (strcol("seed") eq "1" && strcol("layer") eq "0" && strcol("forget_bias") eq "0" ? column("lag") : 1/0):(column("grad_c_log10")) with lines lw 1.6 lc rgb "#0072B2" title "‖∂L/∂c‖, b = 0", \
     "gradient_norms.csv" using (strcol("seed") eq "1" && strcol("layer") eq "0" && strcol("forget_bias") eq "0" ? column("lag") : 1/0):(column("grad_h_log10")) with lines lw 1.6 lc rgb "#D55E00" dt 2 title "‖∂L/∂h‖, b = 0", \
     "gradient_norms.csv" using (strcol("seed") eq "1" && strcol("layer") eq "0" && strcol("forget_bias") eq "1" ? column("lag") : 1/0):(column("grad_c_log10")) with lines lw 1.6 lc rgb "#009E73" title "‖∂L/∂c‖, b = 1", \
     "gradient_norms.csv" using (strcol("seed") eq "1" && strcol("layer") eq "0" && strcol("forget_bias") eq "1" ? column("lag") : 1/0):(column("grad_h_log10")) with lines lw 1.6 lc rgb "#CC79A7" dt 2 title "‖∂L/∂h‖, b = 1", \
     "gradient_norms.csv" using (strcol("seed") eq "1" && strcol("layer") eq "0" && strcol("forget_bias") eq "2" ? column("lag") : 1/0):(column("grad_c_log10")) with lines lw 1.6 lc rgb "#E69F00" title "‖∂L/∂c‖, b = 2", \
     "gradient_norms.csv" using (strcol("seed") eq "1" && strcol("layer") eq "0" && strcol("forget_bias") eq "2" ? column("lag") : 1/0):(column("grad_h_log10")) with lines lw 1.6 lc rgb "#56B4E9" dt 2 title "‖∂L/∂h‖, b = 2", \
     "gradient_norms.csv" using (strcol("seed") eq "1" && strcol("layer") eq "0" && strcol("forget_bias") eq "3" ? column("lag") : 1/0):(column("grad_c_log10")) with lines lw 1.6 lc rgb "#000000" title "‖∂L/∂c‖, b = 3", \
     "gradient_norms.csv" using (strcol("seed") eq "1" && strcol("layer") eq "0" && strcol("forget_bias") eq "3" ? column("lag") : 1/0):(column("grad_h_log10")) with lines lw 1.6 lc rgb "#882255" dt 2 title "‖∂L/∂h‖, b = 3"
