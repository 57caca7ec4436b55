# Redraws accuracy_vs_gap_1.svg from the CSV data alone. Run in this folder: gnuplot accuracy_vs_gap_1.gp
# Writes accuracy_vs_gap_1-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "accuracy_vs_gap_1-gnuplot.svg"
set title "Recall accuracy against the gap: mean over 5 seeds (points: each seed) (1 of 2)" noenhanced
set xlabel "gap (steps, log scale)" noenhanced
set ylabel "held-out accuracy" noenhanced
set key below left noenhanced
set grid
set ytics ("0" 0.0, "0.2" 0.2, "0.4" 0.4, "0.6" 0.6000000000000001, "0.8" 0.8, "1" 1.0)
set logscale x
set yrange [0.0:1.0]
plot "accuracy_by_gap.csv" using (strcol("arm") eq "rnn" && strcol("cell") eq "rnn-tanh" && strcol("chrono_max_lag") eq "" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "48" && strcol("input_bias") eq "" && strcol("update_bias") eq "" ? column("gap") : 1/0):(column("mean_accuracy")) with linespoints lw 1.6 pt 7 ps 0.7 pi 1 lc rgb "#0072B2" title "arm=rnn", \
     "summary.csv" using (strcol("arm") eq "rnn" && strcol("cell") eq "rnn-tanh" && strcol("chrono_max_lag") eq "" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "48" && strcol("input_bias") eq "" && strcol("update_bias") eq "" ? column("gap") : 1/0):(column("final_metric")) with points pt 7 ps 0.5 lc rgb "#0072B2" notitle, \
     "accuracy_by_gap.csv" using (strcol("arm") eq "lstm-default" && strcol("cell") eq "lstm" && strcol("chrono_max_lag") eq "" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "22" && strcol("input_bias") eq "" && strcol("update_bias") eq "" ? column("gap") : 1/0):(column("mean_accuracy")) with linespoints lw 1.6 pt 5 ps 0.7 pi 1 lc rgb "#D55E00" title "arm=lstm-default", \
     "summary.csv" using (strcol("arm") eq "lstm-default" && strcol("cell") eq "lstm" && strcol("chrono_max_lag") eq "" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "22" && strcol("input_bias") eq "" && strcol("update_bias") eq "" ? column("gap") : 1/0):(column("final_metric")) with points pt 7 ps 0.5 lc rgb "#D55E00" notitle, \
     "accuracy_by_gap.csv" using (strcol("arm") eq "lstm-bf1" && strcol("cell") eq "lstm" && strcol("chrono_max_lag") eq "" && strcol("forget_bias") eq "1" && strcol("hidden_size") eq "22" && strcol("input_bias") eq "" && strcol("update_bias") eq "" ? column("gap") : 1/0):(column("mean_accuracy")) with linespoints lw 1.6 pt 9 ps 0.7 pi 1 lc rgb "#009E73" title "arm=lstm-bf1", \
     "summary.csv" using (strcol("arm") eq "lstm-bf1" && strcol("cell") eq "lstm" && strcol("chrono_max_lag") eq "" && strcol("forget_bias") eq "1" && strcol("hidden_size") eq "22" && strcol("input_bias") eq "" && strcol("update_bias") eq "" ? column("gap") : 1/0):(column("final_metric")) with points pt 7 ps 0.5 lc rgb "#009E73" notitle, \
     "accuracy_by_gap.csv" using (strcol("arm") eq "lstm-bf3" && strcol("cell") eq "lstm" && strcol("chrono_max_lag") eq "" && strcol("forget_bias") eq "3" && strcol("hidden_size") eq "22" && strcol("input_bias") eq "" && strcol("update_bias") eq "" ? column("gap") : 1/0):(column("mean_accuracy")) with linespoints lw 1.6 pt 13 ps 0.7 pi 1 lc rgb "#CC79A7" title "arm=lstm-bf3", \
     "summary.csv" using (strcol("arm") eq "lstm-bf3" && strcol("cell") eq "lstm" && strcol("chrono_max_lag") eq "" && strcol("forget_bias") eq "3" && strcol("hidden_size") eq "22" && strcol("input_bias") eq "" && strcol("update_bias") eq "" ? column("gap") : 1/0):(column("final_metric")) with points pt 7 ps 0.5 lc rgb "#CC79A7" notitle, \
     "accuracy_by_gap.csv" using (strcol("arm") eq "lstm-bf3-bi-3" && strcol("cell") eq "lstm" && strcol("chrono_max_lag") eq "" && strcol("forget_bias") eq "3" && strcol("hidden_size") eq "22" && strcol("input_bias") eq "-3" && strcol("update_bias") eq "" ? column("gap") : 1/0):(column("mean_accuracy")) with linespoints lw 1.6 pt 11 ps 0.7 pi 1 lc rgb "#E69F00" title "arm=lstm-bf3-bi-3", \
     "summary.csv" using (strcol("arm") eq "lstm-bf3-bi-3" && strcol("cell") eq "lstm" && strcol("chrono_max_lag") eq "" && strcol("forget_bias") eq "3" && strcol("hidden_size") eq "22" && strcol("input_bias") eq "-3" && strcol("update_bias") eq "" ? column("gap") : 1/0):(column("final_metric")) with points pt 7 ps 0.5 lc rgb "#E69F00" notitle
