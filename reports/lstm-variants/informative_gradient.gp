# Redraws informative_gradient.svg from the CSV data alone. Run in this folder: gnuplot informative_gradient.gp
# Writes informative_gradient-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "informative_gradient-gnuplot.svg"
set title "Gradient reaching the informative step, relative to the last step (seed 1)" noenhanced
set xlabel "update" noenhanced
set ylabel "‖∂L/∂h_informative‖ / ‖∂L/∂h_T‖ (log scale)" noenhanced
set key outside right top noenhanced
set grid
set ytics ("1e-2" -2.0, "1e-1" -1.0, "1e0" 0.0, "1e1" 1.0)
set yrange [-2.7337701574676974:1.068340404894665]
plot "lag_norms.csv" using (strcol("arm") eq "vanilla" && strcol("cell") eq "lstm-peephole" && strcol("forget_bias") eq "3" && strcol("hidden_size") eq "22" && strcol("informative") eq "true" && strcol("seed") eq "1" ? column("update") : 1/0):(column("ratio_to_last_log10")) with linespoints lw 1.6 pt 7 ps 0.7 pi 1 lc rgb "#0072B2" title "arm=vanilla", \
     "lag_norms.csv" using (strcol("arm") eq "np" && strcol("cell") eq "lstm" && strcol("forget_bias") eq "3" && strcol("hidden_size") eq "22" && strcol("informative") eq "true" && strcol("seed") eq "1" ? column("update") : 1/0):(column("ratio_to_last_log10")) with linespoints lw 1.6 pt 5 ps 0.7 pi 1 lc rgb "#D55E00" title "arm=np", \
     "lag_norms.csv" using (strcol("arm") eq "cifg" && strcol("cell") eq "lstm-coupled" && strcol("forget_bias") eq "3" && strcol("hidden_size") eq "26" && strcol("informative") eq "true" && strcol("seed") eq "1" ? column("update") : 1/0):(column("ratio_to_last_log10")) with linespoints lw 1.6 pt 9 ps 0.7 pi 1 lc rgb "#009E73" title "arm=cifg", \
     "lag_norms.csv" using (strcol("arm") eq "nfg" && strcol("cell") eq "lstm-no-forget-gate" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "26" && strcol("informative") eq "true" && strcol("seed") eq "1" ? column("update") : 1/0):(column("ratio_to_last_log10")) with linespoints lw 1.6 pt 13 ps 0.7 pi 1 lc rgb "#CC79A7" title "arm=nfg", \
     "lag_norms.csv" using (strcol("arm") eq "noaf" && strcol("cell") eq "lstm-no-output-activation" && strcol("forget_bias") eq "3" && strcol("hidden_size") eq "22" && strcol("informative") eq "true" && strcol("seed") eq "1" ? column("update") : 1/0):(column("ratio_to_last_log10")) with linespoints lw 1.6 pt 11 ps 0.7 pi 1 lc rgb "#E69F00" title "arm=noaf"
