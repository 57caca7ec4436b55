# Redraws learning_curves.svg from the CSV data alone. Run in this folder: gnuplot learning_curves.gp
# Writes learning_curves-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "learning_curves-gnuplot.svg"
set title "Held-out accuracy during training (seed 1)" noenhanced
set xlabel "update" noenhanced
set ylabel "accuracy" noenhanced
set key outside right top noenhanced
set grid
plot "evaluation.csv" using (strcol("arm") eq "rnn" && strcol("cell") eq "rnn-tanh" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "48" && strcol("update_bias") eq "" && strcol("seed") eq "1" ? column("update") : 1/0):(column("metric")) with lines lw 1.6 lc rgb "#0072B2" title "arm=rnn", \
     "evaluation.csv" using (strcol("arm") eq "lstm-default" && strcol("cell") eq "lstm" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "22" && strcol("update_bias") eq "" && strcol("seed") eq "1" ? column("update") : 1/0):(column("metric")) with lines lw 1.6 lc rgb "#D55E00" title "arm=lstm-default", \
     "evaluation.csv" using (strcol("arm") eq "lstm-bf3" && strcol("cell") eq "lstm" && strcol("forget_bias") eq "3" && strcol("hidden_size") eq "22" && strcol("update_bias") eq "" && strcol("seed") eq "1" ? column("update") : 1/0):(column("metric")) with lines lw 1.6 lc rgb "#009E73" title "arm=lstm-bf3", \
     "evaluation.csv" using (strcol("arm") eq "gru-default" && strcol("cell") eq "gru" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "26" && strcol("update_bias") eq "" && strcol("seed") eq "1" ? column("update") : 1/0):(column("metric")) with lines lw 1.6 lc rgb "#CC79A7" title "arm=gru-default", \
     "evaluation.csv" using (strcol("arm") eq "gru-bz3" && strcol("cell") eq "gru" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "26" && strcol("update_bias") eq "3" && strcol("seed") eq "1" ? column("update") : 1/0):(column("metric")) with lines lw 1.6 lc rgb "#E69F00" title "arm=gru-bz3"
