# Redraws lag_norms.svg from the CSV data alone. Run in this folder: gnuplot lag_norms.gp
# Writes lag_norms-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "lag_norms-gnuplot.svg"
set title "‖∂L/∂h_t‖ against lag, first record dashed, last solid (seed 1, gap 50)" noenhanced
set xlabel "lag T − t" noenhanced
set ylabel "‖∂L/∂h_t‖ (log scale)" noenhanced
set key outside right top noenhanced
set grid
set ytics ("1e-13" -13.0, "1e-12" -12.0, "1e-11" -11.0, "1e-10" -10.0, "1e-9" -9.0, "1e-8" -8.0, "1e-7" -7.0, "1e-6" -6.0, "1e-5" -5.0, "1e-4" -4.0, "1e-3" -3.0, "1e-2" -2.0, "1e-1" -1.0)
set yrange [-13.422852592831191:-0.4548030589960401]
plot "lag_norms.csv" using (strcol("arm") eq "rnn" && strcol("cell") eq "rnn-tanh" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "48" && strcol("seed") eq "1" && strcol("gap") eq "50" && strcol("update") eq "1500" ? column("lag") : 1/0):(column("grad_h_log10")) with linespoints lw 1.6 pt 7 ps 0.7 pi 4 lc rgb "#0072B2" title "arm=rnn (update 1500)", \
     "lag_norms.csv" using (strcol("arm") eq "rnn" && strcol("cell") eq "rnn-tanh" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "48" && strcol("seed") eq "1" && strcol("gap") eq "50" && strcol("update") eq "1" ? column("lag") : 1/0):(column("grad_h_log10")) with lines lw 1.6 lc rgb "#0072B2" dt 2 notitle, \
     "lag_norms.csv" using (strcol("arm") eq "lstm" && strcol("cell") eq "lstm" && strcol("forget_bias") eq "1" && strcol("hidden_size") eq "22" && strcol("seed") eq "1" && strcol("gap") eq "50" && strcol("update") eq "1500" ? column("lag") : 1/0):(column("grad_h_log10")) with linespoints lw 1.6 pt 5 ps 0.7 pi 4 lc rgb "#D55E00" title "arm=lstm (update 1500)", \
     "lag_norms.csv" using (strcol("arm") eq "lstm" && strcol("cell") eq "lstm" && strcol("forget_bias") eq "1" && strcol("hidden_size") eq "22" && strcol("seed") eq "1" && strcol("gap") eq "50" && strcol("update") eq "1" ? column("lag") : 1/0):(column("grad_h_log10")) with lines lw 1.6 lc rgb "#D55E00" dt 2 notitle, \
     "lag_norms.csv" using (strcol("arm") eq "gru" && strcol("cell") eq "gru" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "26" && strcol("seed") eq "1" && strcol("gap") eq "50" && strcol("update") eq "1500" ? column("lag") : 1/0):(column("grad_h_log10")) with linespoints lw 1.6 pt 9 ps 0.7 pi 4 lc rgb "#009E73" title "arm=gru (update 1500)", \
     "lag_norms.csv" using (strcol("arm") eq "gru" && strcol("cell") eq "gru" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "26" && strcol("seed") eq "1" && strcol("gap") eq "50" && strcol("update") eq "1" ? column("lag") : 1/0):(column("grad_h_log10")) with lines lw 1.6 lc rgb "#009E73" dt 2 notitle
