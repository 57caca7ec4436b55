# Redraws informative_gradient.svg from the CSV data alone. Run in this folder: gnuplot informative_gradient.gp
# Writes informative_gradient-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "informative_gradient-gnuplot.svg"
set title "Gradient reaching the informative step, relative to the last step (seed 1, length 150)" noenhanced
set xlabel "update" noenhanced
set ylabel "‖∂L/∂h_informative‖ / ‖∂L/∂h_T‖ (log scale)" noenhanced
set key outside right top noenhanced
set grid
set ytics ("1e-40" -40.0, "1e-30" -30.0, "1e-20" -20.0, "1e-10" -10.0, "1e0" 0.0)
set yrange [-42.62542666977064:2.955638731644659]
plot "lag_norms.csv" using (strcol("arm") eq "irnn-lr0.0001" && strcol("bias") eq "zero" && strcol("cell") eq "rnn-relu" && strcol("forget_bias") eq "" && strcol("init") eq "identity" && strcol("learning_rate") eq "0.0001" && strcol("informative") eq "true" && strcol("seed") eq "1" && strcol("length") eq "150" ? column("update") : 1/0):(column("ratio_to_last_log10")) with linespoints lw 1.6 pt 7 ps 0.7 pi 1 lc rgb "#0072B2" title "arm=irnn-lr0.0001", \
     "lag_norms.csv" using (strcol("arm") eq "irnn-lr0.001" && strcol("bias") eq "zero" && strcol("cell") eq "rnn-relu" && strcol("forget_bias") eq "" && strcol("init") eq "identity" && strcol("learning_rate") eq "0.001" && strcol("informative") eq "true" && strcol("seed") eq "1" && strcol("length") eq "150" ? column("update") : 1/0):(column("ratio_to_last_log10")) with linespoints lw 1.6 pt 5 ps 0.7 pi 1 lc rgb "#D55E00" title "arm=irnn-lr0.001", \
     "lag_norms.csv" using (strcol("arm") eq "tanh-lr0.001" && strcol("bias") eq "" && strcol("cell") eq "rnn-tanh" && strcol("forget_bias") eq "" && strcol("init") eq "" && strcol("learning_rate") eq "0.001" && strcol("informative") eq "true" && strcol("seed") eq "1" && strcol("length") eq "150" ? column("update") : 1/0):(column("ratio_to_last_log10")) with linespoints lw 1.6 pt 9 ps 0.7 pi 1 lc rgb "#009E73" title "arm=tanh-lr0.001", \
     "lag_norms.csv" using (strcol("arm") eq "tanh-lr0.01" && strcol("bias") eq "" && strcol("cell") eq "rnn-tanh" && strcol("forget_bias") eq "" && strcol("init") eq "" && strcol("learning_rate") eq "0.01" && strcol("informative") eq "true" && strcol("seed") eq "1" && strcol("length") eq "150" ? column("update") : 1/0):(column("ratio_to_last_log10")) with linespoints lw 1.6 pt 13 ps 0.7 pi 1 lc rgb "#CC79A7" title "arm=tanh-lr0.01", \
     "lag_norms.csv" using (strcol("arm") eq "lstm-lr0.001" && strcol("bias") eq "" && strcol("cell") eq "lstm" && strcol("forget_bias") eq "1" && strcol("init") eq "" && strcol("learning_rate") eq "0.001" && strcol("informative") eq "true" && strcol("seed") eq "1" && strcol("length") eq "150" ? column("update") : 1/0):(column("ratio_to_last_log10")) with linespoints lw 1.6 pt 11 ps 0.7 pi 1 lc rgb "#E69F00" title "arm=lstm-lr0.001", \
     "lag_norms.csv" using (strcol("arm") eq "lstm-lr0.01" && strcol("bias") eq "" && strcol("cell") eq "lstm" && strcol("forget_bias") eq "1" && strcol("init") eq "" && strcol("learning_rate") eq "0.01" && strcol("informative") eq "true" && strcol("seed") eq "1" && strcol("length") eq "150" ? column("update") : 1/0):(column("ratio_to_last_log10")) with linespoints lw 1.6 pt 2 ps 0.7 pi 1 lc rgb "#56B4E9" title "arm=lstm-lr0.01"
