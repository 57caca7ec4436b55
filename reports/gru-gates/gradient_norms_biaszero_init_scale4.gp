# Redraws gradient_norms_biaszero_init_scale4.svg from the CSV data alone. Run in this folder: gnuplot gradient_norms_biaszero_init_scale4.gp
# Writes gradient_norms_biaszero_init_scale4-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "gradient_norms_biaszero_init_scale4-gnuplot.svg"
set title "bias = zero, init_scale = 4: gradient norms by cell and update_bias" noenhanced
set xlabel "lag T − t" noenhanced
set ylabel "gradient norm (log scale)" noenhanced
set key below left noenhanced
set grid
set ytics ("1e0" 0.0, "1e10" 10.0, "1e20" 20.0)
set yrange [-3.0881454653554137:28.05754278057104]
plot "gradient_norms.csv" using (strcol("bias") eq "zero" && strcol("init_scale") eq "4" && strcol("seed") eq "1" && strcol("layer") eq "0" && strcol("cell") eq "gru" && strcol("update_bias") eq "-2" ? column("lag") : 1/0):(column("grad_h_log10")) with linespoints lw 1.6 pt 7 ps 0.7 pi 5 lc rgb "#0072B2" title "‖∂L/∂h‖, gru, b = -2", \
     "gradient_norms.csv" using (strcol("bias") eq "zero" && strcol("init_scale") eq "4" && strcol("seed") eq "1" && strcol("layer") eq "0" && strcol("cell") eq "gru" && strcol("update_bias") eq "0" ? column("lag") : 1/0):(column("grad_h_log10")) with linespoints lw 1.6 pt 5 ps 0.7 pi 5 lc rgb "#D55E00" title "‖∂L/∂h‖, gru, b = 0", \
     "gradient_norms.csv" using (strcol("bias") eq "zero" && strcol("init_scale") eq "4" && strcol("seed") eq "1" && strcol("layer") eq "0" && strcol("cell") eq "gru" && strcol("update_bias") eq "2" ? column("lag") : 1/0):(column("grad_h_log10")) with linespoints lw 1.6 pt 9 ps 0.7 pi 5 lc rgb "#009E73" title "‖∂L/∂h‖, gru, b = 2", \
     "gradient_norms.csv" using (strcol("bias") eq "zero" && strcol("init_scale") eq "4" && strcol("seed") eq "1" && strcol("layer") eq "0" && strcol("cell") eq "gru" && strcol("update_bias") eq "4" ? column("lag") : 1/0):(column("grad_h_log10")) with linespoints lw 1.6 pt 13 ps 0.7 pi 5 lc rgb "#CC79A7" title "‖∂L/∂h‖, gru, b = 4", \
     "gradient_norms.csv" using (strcol("bias") eq "zero" && strcol("init_scale") eq "4" && strcol("seed") eq "1" && strcol("layer") eq "0" && strcol("cell") eq "gru-reset-before" && strcol("update_bias") eq "-2" ? column("lag") : 1/0):(column("grad_h_log10")) with linespoints lw 1.6 pt 11 ps 0.7 pi 5 lc rgb "#E69F00" title "‖∂L/∂h‖, gru-reset-before, b = -2", \
     "gradient_norms.csv" using (strcol("bias") eq "zero" && strcol("init_scale") eq "4" && strcol("seed") eq "1" && strcol("layer") eq "0" && strcol("cell") eq "gru-reset-before" && strcol("update_bias") eq "0" ? column("lag") : 1/0):(column("grad_h_log10")) with linespoints lw 1.6 pt 2 ps 0.7 pi 5 lc rgb "#56B4E9" title "‖∂L/∂h‖, gru-reset-before, b = 0", \
     "gradient_norms.csv" using (strcol("bias") eq "zero" && strcol("init_scale") eq "4" && strcol("seed") eq "1" && strcol("layer") eq "0" && strcol("cell") eq "gru-reset-before" && strcol("update_bias") eq "2" ? column("lag") : 1/0):(column("grad_h_log10")) with linespoints lw 1.6 pt 1 ps 0.7 pi 5 lc rgb "#000000" title "‖∂L/∂h‖, gru-reset-before, b = 2", \
     "gradient_norms.csv" using (strcol("bias") eq "zero" && strcol("init_scale") eq "4" && strcol("seed") eq "1" && strcol("layer") eq "0" && strcol("cell") eq "gru-reset-before" && strcol("update_bias") eq "4" ? column("lag") : 1/0):(column("grad_h_log10")) with linespoints lw 1.6 pt 7 ps 0.7 pi 5 lc rgb "#882255" title "‖∂L/∂h‖, gru-reset-before, b = 4"
