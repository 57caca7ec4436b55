# Redraws success_by_update_gap100_1.svg from the CSV data alone. Run in this folder: gnuplot success_by_update_gap100_1.gp
# Writes success_by_update_gap100_1-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "success_by_update_gap100_1-gnuplot.svg"
set title "Share of seeds solved by each update, gap 100 (1 of 2)" noenhanced
set xlabel "update" noenhanced
set ylabel "share of seeds solved" noenhanced
set key outside right top noenhanced
set grid
set ytics ("0" 0.0, "0.2" 0.2, "0.4" 0.4, "0.6" 0.6000000000000001, "0.8" 0.8, "1" 1.0)
set yrange [0.0:1.0]
plot "success_by_update.csv" using (strcol("gap") eq "100" && strcol("arm") eq "rnn" && strcol("cell") eq "rnn-tanh" && strcol("chrono_max_lag") eq "" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "48" && strcol("input_bias") eq "" && strcol("update_bias") eq "" ? column("update") : 1/0):(column("rate")) with linespoints lw 1.6 pt 7 ps 0.7 pi 3 lc rgb "#0072B2" title "gap=100, arm=rnn", \
     "success_by_update.csv" using (strcol("gap") eq "100" && strcol("arm") eq "lstm-default" && strcol("cell") eq "lstm" && strcol("chrono_max_lag") eq "" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "22" && strcol("input_bias") eq "" && strcol("update_bias") eq "" ? column("update") : 1/0):(column("rate")) with linespoints lw 1.6 pt 5 ps 0.7 pi 3 lc rgb "#D55E00" title "gap=100, arm=lstm-default", \
     "success_by_update.csv" using (strcol("gap") eq "100" && strcol("arm") eq "lstm-bf1" && strcol("cell") eq "lstm" && strcol("chrono_max_lag") eq "" && strcol("forget_bias") eq "1" && strcol("hidden_size") eq "22" && strcol("input_bias") eq "" && strcol("update_bias") eq "" ? column("update") : 1/0):(column("rate")) with linespoints lw 1.6 pt 9 ps 0.7 pi 3 lc rgb "#009E73" title "gap=100, arm=lstm-bf1", \
     "success_by_update.csv" using (strcol("gap") eq "100" && strcol("arm") eq "lstm-bf3" && strcol("cell") eq "lstm" && strcol("chrono_max_lag") eq "" && strcol("forget_bias") eq "3" && strcol("hidden_size") eq "22" && strcol("input_bias") eq "" && strcol("update_bias") eq "" ? column("update") : 1/0):(column("rate")) with linespoints lw 1.6 pt 13 ps 0.7 pi 3 lc rgb "#CC79A7" title "gap=100, arm=lstm-bf3", \
     "success_by_update.csv" using (strcol("gap") eq "100" && strcol("arm") eq "lstm-bf3-bi-3" && strcol("cell") eq "lstm" && strcol("chrono_max_lag") eq "" && strcol("forget_bias") eq "3" && strcol("hidden_size") eq "22" && strcol("input_bias") eq "-3" && strcol("update_bias") eq "" ? column("update") : 1/0):(column("rate")) with linespoints lw 1.6 pt 11 ps 0.7 pi 3 lc rgb "#E69F00" title "gap=100, arm=lstm-bf3-bi-3"
