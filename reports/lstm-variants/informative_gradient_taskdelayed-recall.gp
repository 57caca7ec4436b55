# Redraws informative_gradient_taskdelayed-recall.svg from the CSV data alone. Run in this folder: gnuplot informative_gradient_taskdelayed-recall.gp
# Writes informative_gradient_taskdelayed-recall-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "informative_gradient_taskdelayed-recall-gnuplot.svg"
set title "Gradient reaching the informative step, relative to the last step (seed 1, task delayed-recall)" noenhanced
set xlabel "update" noenhanced
set ylabel "‖∂L/∂h_informative‖ / ‖∂L/∂h_T‖ (log scale)" noenhanced
set key outside right top noenhanced
set grid
set ytics ("1e-2" -2.0, "1e-1" -1.0, "1e0" 0.0, "1e1" 1.0)
set yrange [-2.7337701574676974:1.068340404894665]
plot "lag_norms.csv" using (strcol("arm") eq "recall-vanilla" && strcol("cell") eq "lstm-peephole" && strcol("classes") eq "4" && strcol("forget_bias") eq "3" && strcol("gap") eq "30" && strcol("hidden_size") eq "22" && strcol("length") eq "" && strcol("success_level") eq "0.99" && strcol("informative") eq "true" && strcol("seed") eq "1" && strcol("task") eq "delayed-recall" ? column("update") : 1/0):(column("ratio_to_last_log10")) with linespoints lw 1.6 pt 7 ps 0.7 pi 1 lc rgb "#0072B2" title "arm=recall-vanilla", \
     "lag_norms.csv" using (strcol("arm") eq "recall-np" && strcol("cell") eq "lstm" && strcol("classes") eq "4" && strcol("forget_bias") eq "3" && strcol("gap") eq "30" && strcol("hidden_size") eq "22" && strcol("length") eq "" && strcol("success_level") eq "0.99" && strcol("informative") eq "true" && strcol("seed") eq "1" && strcol("task") eq "delayed-recall" ? column("update") : 1/0):(column("ratio_to_last_log10")) with linespoints lw 1.6 pt 5 ps 0.7 pi 1 lc rgb "#D55E00" title "arm=recall-np", \
     "lag_norms.csv" using (strcol("arm") eq "recall-cifg" && strcol("cell") eq "lstm-coupled" && strcol("classes") eq "4" && strcol("forget_bias") eq "3" && strcol("gap") eq "30" && strcol("hidden_size") eq "26" && strcol("length") eq "" && strcol("success_level") eq "0.99" && strcol("informative") eq "true" && strcol("seed") eq "1" && strcol("task") eq "delayed-recall" ? column("update") : 1/0):(column("ratio_to_last_log10")) with linespoints lw 1.6 pt 9 ps 0.7 pi 1 lc rgb "#009E73" title "arm=recall-cifg", \
     "lag_norms.csv" using (strcol("arm") eq "recall-nfg" && strcol("cell") eq "lstm-no-forget-gate" && strcol("classes") eq "4" && strcol("forget_bias") eq "" && strcol("gap") eq "30" && strcol("hidden_size") eq "26" && strcol("length") eq "" && strcol("success_level") eq "0.99" && strcol("informative") eq "true" && strcol("seed") eq "1" && strcol("task") eq "delayed-recall" ? column("update") : 1/0):(column("ratio_to_last_log10")) with linespoints lw 1.6 pt 13 ps 0.7 pi 1 lc rgb "#CC79A7" title "arm=recall-nfg", \
     "lag_norms.csv" using (strcol("arm") eq "recall-noaf" && strcol("cell") eq "lstm-no-output-activation" && strcol("classes") eq "4" && strcol("forget_bias") eq "3" && strcol("gap") eq "30" && strcol("hidden_size") eq "22" && strcol("length") eq "" && strcol("success_level") eq "0.99" && strcol("informative") eq "true" && strcol("seed") eq "1" && strcol("task") eq "delayed-recall" ? column("update") : 1/0):(column("ratio_to_last_log10")) with linespoints lw 1.6 pt 11 ps 0.7 pi 1 lc rgb "#E69F00" title "arm=recall-noaf"
