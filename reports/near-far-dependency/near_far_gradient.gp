# Redraws near_far_gradient.svg from the CSV data alone. Run in this folder: gnuplot near_far_gradient.gp
# Writes near_far_gradient-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "near_far_gradient-gnuplot.svg"
set title "Gradient reaching the far step (solid) and the near step (dashed), relative to the last step (seed 1, gap 50)" noenhanced
set xlabel "update" noenhanced
set ylabel "‖∂L/∂h_source‖ / ‖∂L/∂h_T‖ (log scale)" noenhanced
set key outside right top noenhanced
set grid
set ytics ("1e-10" -10.0, "1e-5" -5.0, "1e0" 0.0)
set yrange [-12.1419682904544:0.9022077070844259]
plot "lag_norms.csv" using (strcol("arm") eq "rnn" && strcol("cell") eq "rnn-tanh" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "48" && strcol("seed") eq "1" && strcol("gap") eq "50" && strcol("informative") eq "true" ? column("update") : 1/0):(column("ratio_to_last_log10")) with linespoints lw 1.6 pt 7 ps 0.7 pi 1 lc rgb "#0072B2" title "arm=rnn, far step", \
     "lag_norms.csv" using (strcol("arm") eq "rnn" && strcol("cell") eq "rnn-tanh" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "48" && strcol("seed") eq "1" && strcol("gap") eq "50" && strcol("lag") eq "3" ? column("update") : 1/0):(column("ratio_to_last_log10")) with lines lw 1.6 lc rgb "#0072B2" dt 2 notitle, \
     "lag_norms.csv" using (strcol("arm") eq "lstm" && strcol("cell") eq "lstm" && strcol("forget_bias") eq "1" && strcol("hidden_size") eq "22" && strcol("seed") eq "1" && strcol("gap") eq "50" && strcol("informative") eq "true" ? column("update") : 1/0):(column("ratio_to_last_log10")) with linespoints lw 1.6 pt 5 ps 0.7 pi 1 lc rgb "#D55E00" title "arm=lstm, far step", \
     "lag_norms.csv" using (strcol("arm") eq "lstm" && strcol("cell") eq "lstm" && strcol("forget_bias") eq "1" && strcol("hidden_size") eq "22" && strcol("seed") eq "1" && strcol("gap") eq "50" && strcol("lag") eq "3" ? column("update") : 1/0):(column("ratio_to_last_log10")) with lines lw 1.6 lc rgb "#D55E00" dt 2 notitle, \
     "lag_norms.csv" using (strcol("arm") eq "gru" && strcol("cell") eq "gru" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "26" && strcol("seed") eq "1" && strcol("gap") eq "50" && strcol("informative") eq "true" ? column("update") : 1/0):(column("ratio_to_last_log10")) with linespoints lw 1.6 pt 9 ps 0.7 pi 1 lc rgb "#009E73" title "arm=gru, far step", \
     "lag_norms.csv" using (strcol("arm") eq "gru" && strcol("cell") eq "gru" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "26" && strcol("seed") eq "1" && strcol("gap") eq "50" && strcol("lag") eq "3" ? column("update") : 1/0):(column("ratio_to_last_log10")) with lines lw 1.6 lc rgb "#009E73" dt 2 notitle
