# Redraws depth-drop.svg from the CSV data alone. Run in this folder: gnuplot depth-drop.gp
# Writes depth-drop-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "depth-drop-gnuplot.svg"
set title "What the layers above cost the bottom layer at the last step" noenhanced
set xlabel "layers" noenhanced
set ylabel "‖∂L/∂h_T^(0)‖ / ‖∂L/∂h_T^(top)‖" noenhanced
set key outside right top noenhanced
set grid
set ytics ("1e-6" -6.0, "1e-4" -4.0, "1e-2" -2.0, "1e0" 0.0)
set yrange [-6.156682713973305:0.8985831734870809]
plot "stacked_summary.csv" using (strcol("cell") eq "rnn-tanh" && strcol("residual") eq "false" && strcol("seed") eq "1" && strcol("layer") eq "0" ? column("layers") : 1/0):(column("depth_drop_log10")) with linespoints lw 1.6 pt 7 ps 0.7 pi 1 lc rgb "#0072B2" title "rnn-tanh, plain", \
     "stacked_summary.csv" using (strcol("cell") eq "rnn-tanh" && strcol("residual") eq "true" && strcol("seed") eq "1" && strcol("layer") eq "0" ? column("layers") : 1/0):(column("depth_drop_log10")) with linespoints lw 1.6 pt 5 ps 0.7 pi 1 lc rgb "#D55E00" dt 2 title "rnn-tanh, residual", \
     "stacked_summary.csv" using (strcol("cell") eq "lstm" && strcol("residual") eq "false" && strcol("seed") eq "1" && strcol("layer") eq "0" ? column("layers") : 1/0):(column("depth_drop_log10")) with linespoints lw 1.6 pt 9 ps 0.7 pi 1 lc rgb "#009E73" title "lstm, plain", \
     "stacked_summary.csv" using (strcol("cell") eq "lstm" && strcol("residual") eq "true" && strcol("seed") eq "1" && strcol("layer") eq "0" ? column("layers") : 1/0):(column("depth_drop_log10")) with linespoints lw 1.6 pt 13 ps 0.7 pi 1 lc rgb "#CC79A7" dt 2 title "lstm, residual", \
     "stacked_summary.csv" using (strcol("cell") eq "gru" && strcol("residual") eq "false" && strcol("seed") eq "1" && strcol("layer") eq "0" ? column("layers") : 1/0):(column("depth_drop_log10")) with linespoints lw 1.6 pt 11 ps 0.7 pi 1 lc rgb "#E69F00" title "gru, plain", \
     "stacked_summary.csv" using (strcol("cell") eq "gru" && strcol("residual") eq "true" && strcol("seed") eq "1" && strcol("layer") eq "0" ? column("layers") : 1/0):(column("depth_drop_log10")) with linespoints lw 1.6 pt 2 ps 0.7 pi 1 lc rgb "#56B4E9" dt 2 title "gru, residual"
