# Redraws informative_gradient_1.svg from the CSV data alone. Run in this folder: gnuplot informative_gradient_1.gp
# Writes informative_gradient_1-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "informative_gradient_1-gnuplot.svg"
set title "Gradient reaching the informative step, relative to the last step (seed 1, gap 20) (1 of 2)" noenhanced
set xlabel "update" noenhanced
set ylabel "‖∂L/∂h_informative‖ / ‖∂L/∂h_T‖ (log scale)" noenhanced
set key outside right top noenhanced
set grid
set ytics ("1e-8" -8.0, "1e-6" -6.0, "1e-4" -4.0, "1e-2" -2.0, "1e0" 0.0)
set yrange [-8.060418394655619:0.2921100527246731]
plot "lag_norms.csv" using (strcol("arm") eq "rnn" && strcol("cell") eq "rnn-tanh" && strcol("chrono_max_lag") eq "" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "48" && strcol("input_bias") eq "" && strcol("update_bias") eq "" && strcol("informative") eq "true" && strcol("seed") eq "1" && strcol("gap") eq "20" ? column("update") : 1/0):(column("ratio_to_last_log10")) with linespoints lw 1.6 pt 7 ps 0.7 pi 1 lc rgb "#0072B2" title "arm=rnn", \
     "lag_norms.csv" using (strcol("arm") eq "lstm-default" && strcol("cell") eq "lstm" && strcol("chrono_max_lag") eq "" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "22" && strcol("input_bias") eq "" && strcol("update_bias") eq "" && strcol("informative") eq "true" && strcol("seed") eq "1" && strcol("gap") eq "20" ? column("update") : 1/0):(column("ratio_to_last_log10")) with linespoints lw 1.6 pt 5 ps 0.7 pi 1 lc rgb "#D55E00" title "arm=lstm-default", \
     "lag_norms.csv" using (strcol("arm") eq "lstm-bf1" && strcol("cell") eq "lstm" && strcol("chrono_max_lag") eq "" && strcol("forget_bias") eq "1" && strcol("hidden_size") eq "22" && strcol("input_bias") eq "" && strcol("update_bias") eq "" && strcol("informative") eq "true" && strcol("seed") eq "1" && strcol("gap") eq "20" ? column("update") : 1/0):(column("ratio_to_last_log10")) with linespoints lw 1.6 pt 9 ps 0.7 pi 1 lc rgb "#009E73" title "arm=lstm-bf1", \
     "lag_norms.csv" using (strcol("arm") eq "lstm-bf3" && strcol("cell") eq "lstm" && strcol("chrono_max_lag") eq "" && strcol("forget_bias") eq "3" && strcol("hidden_size") eq "22" && strcol("input_bias") eq "" && strcol("update_bias") eq "" && strcol("informative") eq "true" && strcol("seed") eq "1" && strcol("gap") eq "20" ? column("update") : 1/0):(column("ratio_to_last_log10")) with linespoints lw 1.6 pt 13 ps 0.7 pi 1 lc rgb "#CC79A7" title "arm=lstm-bf3", \
     "lag_norms.csv" using (strcol("arm") eq "lstm-bf3-bi-3" && strcol("cell") eq "lstm" && strcol("chrono_max_lag") eq "" && strcol("forget_bias") eq "3" && strcol("hidden_size") eq "22" && strcol("input_bias") eq "-3" && strcol("update_bias") eq "" && strcol("informative") eq "true" && strcol("seed") eq "1" && strcol("gap") eq "20" ? column("update") : 1/0):(column("ratio_to_last_log10")) with linespoints lw 1.6 pt 11 ps 0.7 pi 1 lc rgb "#E69F00" title "arm=lstm-bf3-bi-3"
