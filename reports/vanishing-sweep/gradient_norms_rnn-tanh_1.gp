# Redraws gradient_norms_rnn-tanh_1.svg from the CSV data alone. Run in this folder: gnuplot gradient_norms_rnn-tanh_1.gp
# Writes gradient_norms_rnn-tanh_1-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "gradient_norms_rnn-tanh_1-gnuplot.svg"
set title "rnn-tanh: ‖∂L/∂h_t‖ against lag (seed 1) (1 of 2)" noenhanced
set xlabel "lag T − t" noenhanced
set ylabel "‖∂L/∂h_t‖ (log scale)" noenhanced
set key outside right top noenhanced
set grid
set ytics ("1e-150" -150.0, "1e-100" -100.0, "1e-50" -50.0, "1e0" 0.0, "1e50" 50.0)
set yrange [-187.81653861874622:66.86989691474378]
plot "gradient_norms.csv" using (strcol("cell") eq "rnn-tanh" && strcol("sigma_max") eq "0.25" && strcol("seed") eq "1" && strcol("layer") eq "0" ? column("lag") : 1/0):(column("grad_h_log10")) with linespoints lw 1.6 pt 7 ps 0.7 pi 5 lc rgb "#0072B2" title "σ_max = 0.25", \
     "gradient_norms.csv" using (strcol("cell") eq "rnn-tanh" && strcol("sigma_max") eq "0.5" && strcol("seed") eq "1" && strcol("layer") eq "0" ? column("lag") : 1/0):(column("grad_h_log10")) with linespoints lw 1.6 pt 5 ps 0.7 pi 5 lc rgb "#D55E00" title "σ_max = 0.5", \
     "gradient_norms.csv" using (strcol("cell") eq "rnn-tanh" && strcol("sigma_max") eq "0.8" && strcol("seed") eq "1" && strcol("layer") eq "0" ? column("lag") : 1/0):(column("grad_h_log10")) with linespoints lw 1.6 pt 9 ps 0.7 pi 5 lc rgb "#009E73" title "σ_max = 0.8", \
     "gradient_norms.csv" using (strcol("cell") eq "rnn-tanh" && strcol("sigma_max") eq "0.9" && strcol("seed") eq "1" && strcol("layer") eq "0" ? column("lag") : 1/0):(column("grad_h_log10")) with linespoints lw 1.6 pt 13 ps 0.7 pi 5 lc rgb "#CC79A7" title "σ_max = 0.9", \
     "gradient_norms.csv" using (strcol("cell") eq "rnn-tanh" && strcol("sigma_max") eq "1" && strcol("seed") eq "1" && strcol("layer") eq "0" ? column("lag") : 1/0):(column("grad_h_log10")) with linespoints lw 1.6 pt 11 ps 0.7 pi 5 lc rgb "#E69F00" title "σ_max = 1", \
     "gradient_norms.csv" using (strcol("cell") eq "rnn-tanh" && strcol("sigma_max") eq "1.1" && strcol("seed") eq "1" && strcol("layer") eq "0" ? column("lag") : 1/0):(column("grad_h_log10")) with linespoints lw 1.6 pt 2 ps 0.7 pi 5 lc rgb "#56B4E9" title "σ_max = 1.1", \
     "gradient_norms.csv" using (strcol("cell") eq "rnn-tanh" && strcol("sigma_max") eq "1.25" && strcol("seed") eq "1" && strcol("layer") eq "0" ? column("lag") : 1/0):(column("grad_h_log10")) with linespoints lw 1.6 pt 1 ps 0.7 pi 5 lc rgb "#000000" title "σ_max = 1.25"
