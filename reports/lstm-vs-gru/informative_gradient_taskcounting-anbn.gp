# Redraws informative_gradient_taskcounting-anbn.svg from the CSV data alone. Run in this folder: gnuplot informative_gradient_taskcounting-anbn.gp
# Writes informative_gradient_taskcounting-anbn-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "informative_gradient_taskcounting-anbn-gnuplot.svg"
set title "Gradient reaching the informative step, relative to the last step (seed 1, task counting-anbn)" noenhanced
set xlabel "update" noenhanced
set ylabel "‖∂L/∂h_informative‖ / ‖∂L/∂h_T‖ (log scale)" noenhanced
set key outside right top noenhanced
set grid
set ytics ("1e-8" -8.0, "1e-6" -6.0, "1e-4" -4.0, "1e-2" -2.0)
set yrange [-9.890092091948155:-1.629686798702911]
plot "lag_norms.csv" using (strcol("arm") eq "lstm-count" && strcol("cell") eq "lstm" && strcol("forget_bias") eq "1" && strcol("hidden_size") eq "10" && strcol("length") eq "10" && strcol("updates") eq "2000" && strcol("informative") eq "true" && strcol("seed") eq "1" && strcol("task") eq "counting-anbn" ? column("update") : 1/0):(column("ratio_to_last_log10")) with linespoints lw 1.6 pt 7 ps 0.7 pi 2 lc rgb "#0072B2" title "arm=lstm-count", \
     "lag_norms.csv" using (strcol("arm") eq "gru-count" && strcol("cell") eq "gru" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "12" && strcol("length") eq "10" && strcol("updates") eq "2000" && strcol("informative") eq "true" && strcol("seed") eq "1" && strcol("task") eq "counting-anbn" ? column("update") : 1/0):(column("ratio_to_last_log10")) with linespoints lw 1.6 pt 5 ps 0.7 pi 2 lc rgb "#D55E00" title "arm=gru-count"
