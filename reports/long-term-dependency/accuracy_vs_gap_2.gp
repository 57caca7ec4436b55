# Redraws accuracy_vs_gap_2.svg from the CSV data alone. Run in this folder: gnuplot accuracy_vs_gap_2.gp
# Writes accuracy_vs_gap_2-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "accuracy_vs_gap_2-gnuplot.svg"
set title "Recall accuracy against the gap: mean over 5 seeds (points: each seed) (2 of 2)" noenhanced
set xlabel "gap (steps, log scale)" noenhanced
set ylabel "held-out accuracy" noenhanced
set key below left noenhanced
set grid
set ytics ("0" 0.0, "0.2" 0.2, "0.4" 0.4, "0.6" 0.6000000000000001, "0.8" 0.8, "1" 1.0)
set logscale x
set yrange [0.0:1.0]
plot "accuracy_by_gap.csv" using (strcol("arm") eq "lstm-chrono" && strcol("cell") eq "lstm" && strcol("chrono_max_lag") eq "200" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "22" && strcol("input_bias") eq "" && strcol("update_bias") eq "" ? column("gap") : 1/0):(column("mean_accuracy")) with linespoints lw 1.6 pt 2 ps 0.7 pi 1 lc rgb "#56B4E9" title "arm=lstm-chrono", \
     "summary.csv" using (strcol("arm") eq "lstm-chrono" && strcol("cell") eq "lstm" && strcol("chrono_max_lag") eq "200" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "22" && strcol("input_bias") eq "" && strcol("update_bias") eq "" ? column("gap") : 1/0):(column("final_metric")) with points pt 7 ps 0.5 lc rgb "#56B4E9" notitle, \
     "accuracy_by_gap.csv" using (strcol("arm") eq "lstm-coupled-bf3" && strcol("cell") eq "lstm-coupled" && strcol("chrono_max_lag") eq "" && strcol("forget_bias") eq "3" && strcol("hidden_size") eq "26" && strcol("input_bias") eq "" && strcol("update_bias") eq "" ? column("gap") : 1/0):(column("mean_accuracy")) with linespoints lw 1.6 pt 1 ps 0.7 pi 1 lc rgb "#000000" title "arm=lstm-coupled-bf3", \
     "summary.csv" using (strcol("arm") eq "lstm-coupled-bf3" && strcol("cell") eq "lstm-coupled" && strcol("chrono_max_lag") eq "" && strcol("forget_bias") eq "3" && strcol("hidden_size") eq "26" && strcol("input_bias") eq "" && strcol("update_bias") eq "" ? column("gap") : 1/0):(column("final_metric")) with points pt 7 ps 0.5 lc rgb "#000000" notitle, \
     "accuracy_by_gap.csv" using (strcol("arm") eq "gru-default" && strcol("cell") eq "gru" && strcol("chrono_max_lag") eq "" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "26" && strcol("input_bias") eq "" && strcol("update_bias") eq "" ? column("gap") : 1/0):(column("mean_accuracy")) with linespoints lw 1.6 pt 7 ps 0.7 pi 1 lc rgb "#882255" title "arm=gru-default", \
     "summary.csv" using (strcol("arm") eq "gru-default" && strcol("cell") eq "gru" && strcol("chrono_max_lag") eq "" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "26" && strcol("input_bias") eq "" && strcol("update_bias") eq "" ? column("gap") : 1/0):(column("final_metric")) with points pt 7 ps 0.5 lc rgb "#882255" notitle, \
     "accuracy_by_gap.csv" using (strcol("arm") eq "gru-bz3" && strcol("cell") eq "gru" && strcol("chrono_max_lag") eq "" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "26" && strcol("input_bias") eq "" && strcol("update_bias") eq "3" ? column("gap") : 1/0):(column("mean_accuracy")) with linespoints lw 1.6 pt 5 ps 0.7 pi 1 lc rgb "#44AA99" title "arm=gru-bz3", \
     "summary.csv" using (strcol("arm") eq "gru-bz3" && strcol("cell") eq "gru" && strcol("chrono_max_lag") eq "" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "26" && strcol("input_bias") eq "" && strcol("update_bias") eq "3" ? column("gap") : 1/0):(column("final_metric")) with points pt 7 ps 0.5 lc rgb "#44AA99" notitle, \
     "accuracy_by_gap.csv" using (strcol("arm") eq "rnn" && strcol("cell") eq "rnn-tanh" && strcol("chrono_max_lag") eq "" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "48" && strcol("input_bias") eq "" && strcol("update_bias") eq "" ? column("gap") : 1/0):(column("chance")) with linespoints lw 1.6 pt 9 ps 0.7 pi 1 lc rgb "#999933" dt 2 title "chance"
