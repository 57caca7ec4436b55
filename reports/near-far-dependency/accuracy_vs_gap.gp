# Redraws accuracy_vs_gap.svg from the CSV data alone. Run in this folder: gnuplot accuracy_vs_gap.gp
# Writes accuracy_vs_gap-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "accuracy_vs_gap-gnuplot.svg"
set title "Recall accuracy against the gap: mean over 5 seeds (points: each seed)" noenhanced
set xlabel "gap (steps, log scale)" noenhanced
set ylabel "held-out accuracy" noenhanced
set key outside right top noenhanced
set grid
set ytics ("0" 0.0, "0.2" 0.2, "0.4" 0.4, "0.6" 0.6000000000000001, "0.8" 0.8, "1" 1.0)
set logscale x
set yrange [0.0:1.0]
plot "accuracy_by_gap.csv" using (strcol("arm") eq "rnn" && strcol("cell") eq "rnn-tanh" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "48" ? column("gap") : 1/0):(column("mean_accuracy")) with linespoints lw 1.6 pt 7 ps 0.7 pi 1 lc rgb "#0072B2" title "arm=rnn", \
     "summary.csv" using (strcol("arm") eq "rnn" && strcol("cell") eq "rnn-tanh" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "48" ? column("gap") : 1/0):(column("final_metric")) with points pt 7 ps 0.5 lc rgb "#0072B2" notitle, \
     "accuracy_by_gap.csv" using (strcol("arm") eq "lstm" && strcol("cell") eq "lstm" && strcol("forget_bias") eq "1" && strcol("hidden_size") eq "22" ? column("gap") : 1/0):(column("mean_accuracy")) with linespoints lw 1.6 pt 5 ps 0.7 pi 1 lc rgb "#D55E00" title "arm=lstm", \
     "summary.csv" using (strcol("arm") eq "lstm" && strcol("cell") eq "lstm" && strcol("forget_bias") eq "1" && strcol("hidden_size") eq "22" ? column("gap") : 1/0):(column("final_metric")) with points pt 7 ps 0.5 lc rgb "#D55E00" notitle, \
     "accuracy_by_gap.csv" using (strcol("arm") eq "gru" && strcol("cell") eq "gru" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "26" ? column("gap") : 1/0):(column("mean_accuracy")) with linespoints lw 1.6 pt 9 ps 0.7 pi 1 lc rgb "#009E73" title "arm=gru", \
     "summary.csv" using (strcol("arm") eq "gru" && strcol("cell") eq "gru" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "26" ? column("gap") : 1/0):(column("final_metric")) with points pt 7 ps 0.5 lc rgb "#009E73" notitle, \
     "accuracy_by_gap.csv" using (strcol("arm") eq "rnn" && strcol("cell") eq "rnn-tanh" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "48" ? column("gap") : 1/0):(column("chance")) with linespoints lw 1.6 pt 13 ps 0.7 pi 1 lc rgb "#CC79A7" dt 2 title "chance"
