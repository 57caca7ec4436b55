# Redraws accuracy_vs_gap.svg from the CSV data alone. Run in this folder: gnuplot accuracy_vs_gap.gp
# Writes accuracy_vs_gap-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "accuracy_vs_gap-gnuplot.svg"
set title "Recall accuracy against the gap (seed 1)" noenhanced
set xlabel "gap (steps)" noenhanced
set ylabel "held-out accuracy" noenhanced
set key outside right top noenhanced
set grid
plot "summary.csv" using (strcol("cell") eq "rnn-tanh" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "48" && strcol("update_bias") eq "" && strcol("seed") eq "1" ? column("gap") : 1/0):(column("final_metric")) with lines lw 1.6 lc rgb "#0072B2" title "cell=rnn-tanh", \
     "summary.csv" using (strcol("cell") eq "lstm" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "22" && strcol("update_bias") eq "" && strcol("seed") eq "1" ? column("gap") : 1/0):(column("final_metric")) with lines lw 1.6 lc rgb "#D55E00" title "cell=lstm", \
     "summary.csv" using (strcol("cell") eq "lstm" && strcol("forget_bias") eq "3" && strcol("hidden_size") eq "22" && strcol("update_bias") eq "" && strcol("seed") eq "1" ? column("gap") : 1/0):(column("final_metric")) with lines lw 1.6 lc rgb "#009E73" title "cell=lstm, forget_bias=3", \
     "summary.csv" using (strcol("cell") eq "gru" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "26" && strcol("update_bias") eq "" && strcol("seed") eq "1" ? column("gap") : 1/0):(column("final_metric")) with lines lw 1.6 lc rgb "#CC79A7" title "cell=gru", \
     "summary.csv" using (strcol("cell") eq "gru" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "26" && strcol("update_bias") eq "3" && strcol("seed") eq "1" ? column("gap") : 1/0):(column("final_metric")) with lines lw 1.6 lc rgb "#E69F00" title "cell=gru, update_bias=3"
