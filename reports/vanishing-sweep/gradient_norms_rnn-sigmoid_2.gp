# Redraws gradient_norms_rnn-sigmoid_2.svg from the CSV data alone. Run in this folder: gnuplot gradient_norms_rnn-sigmoid_2.gp
# Writes gradient_norms_rnn-sigmoid_2-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "gradient_norms_rnn-sigmoid_2-gnuplot.svg"
set title "rnn-sigmoid: ‖∂L/∂h_t‖ against lag (seed 1) (2 of 2)" noenhanced
set xlabel "lag T − t" noenhanced
set ylabel "‖∂L/∂h_t‖ (log scale)" noenhanced
set key outside right top noenhanced
set grid
set ytics ("1e-300" -300.0, "1e-200" -200.0, "1e-100" -100.0, "1e0" 0.0)
set yrange [-310.2187329792201:16.014871018288172]
plot "gradient_norms.csv" using (strcol("cell") eq "rnn-sigmoid" && strcol("sigma_max") eq "1.5" && strcol("seed") eq "1" && strcol("layer") eq "0" ? column("lag") : 1/0):(column("grad_h_log10")) with linespoints lw 1.6 pt 7 ps 0.7 pi 5 lc rgb "#882255" title "σ_max = 1.5", \
     "gradient_norms.csv" using (strcol("cell") eq "rnn-sigmoid" && strcol("sigma_max") eq "2" && strcol("seed") eq "1" && strcol("layer") eq "0" ? column("lag") : 1/0):(column("grad_h_log10")) with linespoints lw 1.6 pt 5 ps 0.7 pi 5 lc rgb "#44AA99" title "σ_max = 2", \
     "gradient_norms.csv" using (strcol("cell") eq "rnn-sigmoid" && strcol("sigma_max") eq "3" && strcol("seed") eq "1" && strcol("layer") eq "0" ? column("lag") : 1/0):(column("grad_h_log10")) with linespoints lw 1.6 pt 9 ps 0.7 pi 5 lc rgb "#999933" title "σ_max = 3", \
     "gradient_norms.csv" using (strcol("cell") eq "rnn-sigmoid" && strcol("sigma_max") eq "4" && strcol("seed") eq "1" && strcol("layer") eq "0" ? column("lag") : 1/0):(column("grad_h_log10")) with linespoints lw 1.6 pt 13 ps 0.7 pi 5 lc rgb "#332288" title "σ_max = 4", \
     "gradient_norms.csv" using (strcol("cell") eq "rnn-sigmoid" && strcol("sigma_max") eq "6" && strcol("seed") eq "1" && strcol("layer") eq "0" ? column("lag") : 1/0):(column("grad_h_log10")) with linespoints lw 1.6 pt 11 ps 0.7 pi 5 lc rgb "#AA4499" title "σ_max = 6", \
     "gradient_norms.csv" using (strcol("cell") eq "rnn-sigmoid" && strcol("sigma_max") eq "8" && strcol("seed") eq "1" && strcol("layer") eq "0" ? column("lag") : 1/0):(column("grad_h_log10")) with linespoints lw 1.6 pt 2 ps 0.7 pi 5 lc rgb "#661100" title "σ_max = 8", \
     "gradient_norms.csv" using (strcol("cell") eq "rnn-sigmoid" && strcol("sigma_max") eq "12" && strcol("seed") eq "1" && strcol("layer") eq "0" ? column("lag") : 1/0):(column("grad_h_log10")) with linespoints lw 1.6 pt 1 ps 0.7 pi 5 lc rgb "#888888" title "σ_max = 12"
