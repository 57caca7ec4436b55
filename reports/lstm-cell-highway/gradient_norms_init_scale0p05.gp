# Redraws gradient_norms_init_scale0p05.svg from the CSV data alone. Run in this folder: gnuplot gradient_norms_init_scale0p05.gp
# Writes gradient_norms_init_scale0p05-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "gradient_norms_init_scale0p05-gnuplot.svg"
set title "init_scale = 0.05: gradient norms by cell and forget_bias (dashed: ‖∂L/∂h‖)" noenhanced
set xlabel "lag T − t" noenhanced
set ylabel "gradient norm (log scale)" noenhanced
set key outside right top noenhanced
set grid
set ytics ("1e-250" -250.0, "1e-200" -200.0, "1e-150" -150.0, "1e-100" -100.0, "1e-50" -50.0, "1e0" 0.0)
set yrange [-270.9561664912728:11.016515518442874]
plot "gradient_norms.csv" using (strcol("init_scale") eq "0.05" && strcol("seed") eq "1" && strcol("layer") eq "0" && strcol("cell") eq "lstm" && strcol("forget_bias") eq "0" ? column("lag") : 1/0):(column("grad_c_log10")) with linespoints lw 1.6 pt 7 ps 0.7 pi 5 lc rgb "#0072B2" title "‖∂L/∂c‖, lstm, b = 0", \
     "gradient_norms.csv" using (strcol("init_scale") eq "0.05" && strcol("seed") eq "1" && strcol("layer") eq "0" && strcol("cell") eq "lstm" && strcol("forget_bias") eq "0" ? column("lag") : 1/0):(column("grad_h_log10")) with lines lw 1.6 lc rgb "#0072B2" dt 2 notitle, \
     "gradient_norms.csv" using (strcol("init_scale") eq "0.05" && strcol("seed") eq "1" && strcol("layer") eq "0" && strcol("cell") eq "lstm" && strcol("forget_bias") eq "1" ? column("lag") : 1/0):(column("grad_c_log10")) with linespoints lw 1.6 pt 5 ps 0.7 pi 5 lc rgb "#D55E00" title "‖∂L/∂c‖, lstm, b = 1", \
     "gradient_norms.csv" using (strcol("init_scale") eq "0.05" && strcol("seed") eq "1" && strcol("layer") eq "0" && strcol("cell") eq "lstm" && strcol("forget_bias") eq "1" ? column("lag") : 1/0):(column("grad_h_log10")) with lines lw 1.6 lc rgb "#D55E00" dt 2 notitle, \
     "gradient_norms.csv" using (strcol("init_scale") eq "0.05" && strcol("seed") eq "1" && strcol("layer") eq "0" && strcol("cell") eq "lstm" && strcol("forget_bias") eq "2" ? column("lag") : 1/0):(column("grad_c_log10")) with linespoints lw 1.6 pt 9 ps 0.7 pi 5 lc rgb "#009E73" title "‖∂L/∂c‖, lstm, b = 2", \
     "gradient_norms.csv" using (strcol("init_scale") eq "0.05" && strcol("seed") eq "1" && strcol("layer") eq "0" && strcol("cell") eq "lstm" && strcol("forget_bias") eq "2" ? column("lag") : 1/0):(column("grad_h_log10")) with lines lw 1.6 lc rgb "#009E73" dt 2 notitle, \
     "gradient_norms.csv" using (strcol("init_scale") eq "0.05" && strcol("seed") eq "1" && strcol("layer") eq "0" && strcol("cell") eq "lstm" && strcol("forget_bias") eq "3" ? column("lag") : 1/0):(column("grad_c_log10")) with linespoints lw 1.6 pt 13 ps 0.7 pi 5 lc rgb "#CC79A7" title "‖∂L/∂c‖, lstm, b = 3", \
     "gradient_norms.csv" using (strcol("init_scale") eq "0.05" && strcol("seed") eq "1" && strcol("layer") eq "0" && strcol("cell") eq "lstm" && strcol("forget_bias") eq "3" ? column("lag") : 1/0):(column("grad_h_log10")) with lines lw 1.6 lc rgb "#CC79A7" dt 2 notitle, \
     "gradient_norms.csv" using (strcol("init_scale") eq "0.05" && strcol("seed") eq "1" && strcol("layer") eq "0" && strcol("cell") eq "rnn-tanh" ? column("lag") : 1/0):(column("grad_h_log10")) with linespoints lw 1.6 pt 11 ps 0.7 pi 5 lc rgb "#E69F00" title "‖∂L/∂h‖, rnn-tanh"
