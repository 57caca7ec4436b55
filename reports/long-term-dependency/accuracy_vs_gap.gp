# Redraws accuracy_vs_gap.svg from the CSV data alone. Run in this folder: gnuplot accuracy_vs_gap.gp
# Writes accuracy_vs_gap-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "accuracy_vs_gap-gnuplot.svg"
set title "Recall accuracy against the gap: mean over 5 seeds" noenhanced
set xlabel "gap (steps, log scale)" noenhanced
set ylabel "held-out accuracy" noenhanced
set key outside right top noenhanced
set grid
set logscale x
set yrange [0.0:1.0]
plot "accuracy_by_gap.csv" using (strcol("arm") eq "rnn" && strcol("cell") eq "rnn-tanh" && strcol("chrono_max_lag") eq "" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "48" && strcol("input_bias") eq "" && strcol("update_bias") eq "" ? column("gap") : 1/0):(column("mean_accuracy")) with lines lw 1.6 lc rgb "#0072B2" title "arm=rnn", \
     "accuracy_by_gap.csv" using (strcol("arm") eq "lstm-default" && strcol("cell") eq "lstm" && strcol("chrono_max_lag") eq "" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "22" && strcol("input_bias") eq "" && strcol("update_bias") eq "" ? column("gap") : 1/0):(column("mean_accuracy")) with lines lw 1.6 lc rgb "#D55E00" title "arm=lstm-default", \
     "accuracy_by_gap.csv" using (strcol("arm") eq "lstm-bf1" && strcol("cell") eq "lstm" && strcol("chrono_max_lag") eq "" && strcol("forget_bias") eq "1" && strcol("hidden_size") eq "22" && strcol("input_bias") eq "" && strcol("update_bias") eq "" ? column("gap") : 1/0):(column("mean_accuracy")) with lines lw 1.6 lc rgb "#009E73" title "arm=lstm-bf1", \
     "accuracy_by_gap.csv" using (strcol("arm") eq "lstm-bf3" && strcol("cell") eq "lstm" && strcol("chrono_max_lag") eq "" && strcol("forget_bias") eq "3" && strcol("hidden_size") eq "22" && strcol("input_bias") eq "" && strcol("update_bias") eq "" ? column("gap") : 1/0):(column("mean_accuracy")) with lines lw 1.6 lc rgb "#CC79A7" title "arm=lstm-bf3", \
     "accuracy_by_gap.csv" using (strcol("arm") eq "lstm-bf3-bi-3" && strcol("cell") eq "lstm" && strcol("chrono_max_lag") eq "" && strcol("forget_bias") eq "3" && strcol("hidden_size") eq "22" && strcol("input_bias") eq "-3" && strcol("update_bias") eq "" ? column("gap") : 1/0):(column("mean_accuracy")) with lines lw 1.6 lc rgb "#E69F00" title "arm=lstm-bf3-bi-3", \
     "accuracy_by_gap.csv" using (strcol("arm") eq "lstm-chrono" && strcol("cell") eq "lstm" && strcol("chrono_max_lag") eq "200" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "22" && strcol("input_bias") eq "" && strcol("update_bias") eq "" ? column("gap") : 1/0):(column("mean_accuracy")) with lines lw 1.6 lc rgb "#56B4E9" title "arm=lstm-chrono", \
     "accuracy_by_gap.csv" using (strcol("arm") eq "lstm-coupled-bf3" && strcol("cell") eq "lstm-coupled" && strcol("chrono_max_lag") eq "" && strcol("forget_bias") eq "3" && strcol("hidden_size") eq "26" && strcol("input_bias") eq "" && strcol("update_bias") eq "" ? column("gap") : 1/0):(column("mean_accuracy")) with lines lw 1.6 lc rgb "#000000" title "arm=lstm-coupled-bf3", \
     "accuracy_by_gap.csv" using (strcol("arm") eq "gru-default" && strcol("cell") eq "gru" && strcol("chrono_max_lag") eq "" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "26" && strcol("input_bias") eq "" && strcol("update_bias") eq "" ? column("gap") : 1/0):(column("mean_accuracy")) with lines lw 1.6 lc rgb "#F0E442" title "arm=gru-default", \
     "accuracy_by_gap.csv" using (strcol("arm") eq "gru-bz3" && strcol("cell") eq "gru" && strcol("chrono_max_lag") eq "" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "26" && strcol("input_bias") eq "" && strcol("update_bias") eq "3" ? column("gap") : 1/0):(column("mean_accuracy")) with lines lw 1.6 lc rgb "#0072B2" title "arm=gru-bz3", \
     "accuracy_by_gap.csv" using (strcol("arm") eq "rnn" && strcol("cell") eq "rnn-tanh" && strcol("chrono_max_lag") eq "" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "48" && strcol("input_bias") eq "" && strcol("update_bias") eq "" ? column("gap") : 1/0):(column("chance")) with lines lw 1.6 lc rgb "#D55E00" dt 2 title "chance"
