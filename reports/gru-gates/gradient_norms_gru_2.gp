# Redraws gradient_norms_gru_2.svg from the CSV data alone. Run in this folder: gnuplot gradient_norms_gru_2.gp
# Writes gradient_norms_gru_2-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "gradient_norms_gru_2-gnuplot.svg"
set title "gru, 2: gradient norms by update_bias" noenhanced
set xlabel "lag T − t" noenhanced
set ylabel "gradient norm (log scale)" noenhanced
set key outside right top noenhanced
set grid
set format y "1e%g"
plot "gradient_norms.csv" using (strcol("cell") eq "gru" && strcol("init_scale") eq "2" && strcol("seed") eq "1" && strcol("layer") eq "0" && strcol("update_bias") eq "-2" ? column("lag") : 1/0):(column("grad_h_log10")) with lines lw 1.6 lc rgb "#0072B2" title "‖∂L/∂h‖, b = -2", \
     "gradient_norms.csv" using (strcol("cell") eq "gru" && strcol("init_scale") eq "2" && strcol("seed") eq "1" && strcol("layer") eq "0" && strcol("update_bias") eq "0" ? column("lag") : 1/0):(column("grad_h_log10")) with lines lw 1.6 lc rgb "#D55E00" title "‖∂L/∂h‖, b = 0", \
     "gradient_norms.csv" using (strcol("cell") eq "gru" && strcol("init_scale") eq "2" && strcol("seed") eq "1" && strcol("layer") eq "0" && strcol("update_bias") eq "2" ? column("lag") : 1/0):(column("grad_h_log10")) with lines lw 1.6 lc rgb "#009E73" title "‖∂L/∂h‖, b = 2", \
     "gradient_norms.csv" using (strcol("cell") eq "gru" && strcol("init_scale") eq "2" && strcol("seed") eq "1" && strcol("layer") eq "0" && strcol("update_bias") eq "4" ? column("lag") : 1/0):(column("grad_h_log10")) with lines lw 1.6 lc rgb "#CC79A7" title "‖∂L/∂h‖, b = 4"
