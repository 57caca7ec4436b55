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
set ytics ("1e-2" -2.0, "1e-1" -1.0, "1e0" 0.0)
set yrange [-2.8664433894124137:0.8195472488675799]
plot "lag_norms.csv" using (strcol("arm") eq "order-vanilla" && strcol("cell") eq "lstm-peephole" && strcol("classes") eq "" && strcol("forget_bias") eq "3" && strcol("gap") eq "" && strcol("hidden_size") eq "22" && strcol("length") eq "50" && strcol("success_level") eq "0.9" && strcol("informative") eq "true" && strcol("seed") eq "1" && strcol("task") eq "temporal-order-4" ? column("update") : 1/0):(column("ratio_to_last_log10")) with linespoints lw 1.6 pt 7 ps 0.7 pi 1 lc rgb "#0072B2" title "arm=order-vanilla", \
     "lag_norms.csv" using (strcol("arm") eq "order-np" && strcol("cell") eq "lstm" && strcol("classes") eq "" && strcol("forget_bias") eq "3" && strcol("gap") eq "" && strcol("hidden_size") eq "22" && strcol("length") eq "50" && strcol("success_level") eq "0.9" && strcol("informative") eq "true" && strcol("seed") eq "1" && strcol("task") eq "temporal-order-4" ? column("update") : 1/0):(column("ratio_to_last_log10")) with linespoints lw 1.6 pt 5 ps 0.7 pi 1 lc rgb "#D55E00" title "arm=order-np", \
     "lag_norms.csv" using (strcol("arm") eq "order-cifg" && strcol("cell") eq "lstm-coupled" && strcol("classes") eq "" && strcol("forget_bias") eq "3" && strcol("gap") eq "" && strcol("hidden_size") eq "26" && strcol("length") eq "50" && strcol("success_level") eq "0.9" && strcol("informative") eq "true" && strcol("seed") eq "1" && strcol("task") eq "temporal-order-4" ? column("update") : 1/0):(column("ratio_to_last_log10")) with linespoints lw 1.6 pt 9 ps 0.7 pi 1 lc rgb "#009E73" title "arm=order-cifg", \
     "lag_norms.csv" using (strcol("arm") eq "order-nfg" && strcol("cell") eq "lstm-no-forget-gate" && strcol("classes") eq "" && strcol("forget_bias") eq "" && strcol("gap") eq "" && strcol("hidden_size") eq "26" && strcol("length") eq "50" && strcol("success_level") eq "0.9" && strcol("informative") eq "true" && strcol("seed") eq "1" && strcol("task") eq "temporal-order-4" ? column("update") : 1/0):(column("ratio_to_last_log10")) with linespoints lw 1.6 pt 13 ps 0.7 pi 1 lc rgb "#CC79A7" title "arm=order-nfg", \
     "lag_norms.csv" using (strcol("arm") eq "order-noaf" && strcol("cell") eq "lstm-no-output-activation" && strcol("classes") eq "" && strcol("forget_bias") eq "3" && strcol("gap") eq "" && strcol("hidden_size") eq "22" && strcol("length") eq "50" && strcol("success_level") eq "0.9" && strcol("informative") eq "true" && strcol("seed") eq "1" && strcol("task") eq "temporal-order-4" ? column("update") : 1/0):(column("ratio_to_last_log10")) with linespoints lw 1.6 pt 11 ps 0.7 pi 1 lc rgb "#E69F00" title "arm=order-noaf"
