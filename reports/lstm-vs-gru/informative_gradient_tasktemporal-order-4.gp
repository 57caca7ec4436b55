# Redraws informative_gradient_tasktemporal-order-4.svg from the CSV data alone. Run in this folder: gnuplot informative_gradient_tasktemporal-order-4.gp
# Writes informative_gradient_tasktemporal-order-4-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "informative_gradient_tasktemporal-order-4-gnuplot.svg"
set title "Gradient reaching the informative step, relative to the last step (seed 1, task temporal-order-4)" noenhanced
set xlabel "update" noenhanced
set ylabel "‖∂L/∂h_informative‖ / ‖∂L/∂h_T‖ (log scale)" noenhanced
set key outside right top noenhanced
set grid
set ytics ("1e-8" -8.0, "1e-6" -6.0, "1e-4" -4.0, "1e-2" -2.0)
set yrange [-9.239860718693071:-0.3994684859471347]
plot "lag_norms.csv" using (strcol("arm") eq "lstm-50" && strcol("cell") eq "lstm" && strcol("forget_bias") eq "1" && strcol("hidden_size") eq "22" && strcol("length") eq "50" && strcol("updates") eq "1500" && strcol("informative") eq "true" && strcol("seed") eq "1" && strcol("task") eq "temporal-order-4" ? column("update") : 1/0):(column("ratio_to_last_log10")) with linespoints lw 1.6 pt 7 ps 0.7 pi 1 lc rgb "#0072B2" title "arm=lstm-50", \
     "lag_norms.csv" using (strcol("arm") eq "gru-50" && strcol("cell") eq "gru" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "26" && strcol("length") eq "50" && strcol("updates") eq "1500" && strcol("informative") eq "true" && strcol("seed") eq "1" && strcol("task") eq "temporal-order-4" ? column("update") : 1/0):(column("ratio_to_last_log10")) with linespoints lw 1.6 pt 5 ps 0.7 pi 1 lc rgb "#D55E00" title "arm=gru-50"
