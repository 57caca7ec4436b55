# Redraws success_by_update_gap10_2.svg from the CSV data alone. Run in this folder: gnuplot success_by_update_gap10_2.gp
# Writes success_by_update_gap10_2-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "success_by_update_gap10_2-gnuplot.svg"
set title "Share of seeds solved by each update, gap 10 (2 of 2)" noenhanced
set xlabel "update" noenhanced
set ylabel "share of seeds solved" noenhanced
set key below left noenhanced
set grid
set ytics ("0" 0.0, "0.2" 0.2, "0.4" 0.4, "0.6" 0.6000000000000001, "0.8" 0.8, "1" 1.0)
set yrange [0.0:1.0]
plot "success_by_update.csv" using (strcol("gap") eq "10" && strcol("arm") eq "lstm-chrono" && strcol("cell") eq "lstm" && strcol("chrono_max_lag") eq "200" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "22" && strcol("input_bias") eq "" && strcol("update_bias") eq "" ? column("update") : 1/0):(column("rate")) with linespoints lw 1.6 pt 2 ps 0.7 pi 3 lc rgb "#56B4E9" title "gap=10, arm=lstm-chrono", \
     "success_by_update.csv" using (strcol("gap") eq "10" && strcol("arm") eq "lstm-coupled-bf3" && strcol("cell") eq "lstm-coupled" && strcol("chrono_max_lag") eq "" && strcol("forget_bias") eq "3" && strcol("hidden_size") eq "26" && strcol("input_bias") eq "" && strcol("update_bias") eq "" ? column("update") : 1/0):(column("rate")) with linespoints lw 1.6 pt 1 ps 0.7 pi 3 lc rgb "#000000" title "gap=10, arm=lstm-coupled-bf3", \
     "success_by_update.csv" using (strcol("gap") eq "10" && strcol("arm") eq "gru-default" && strcol("cell") eq "gru" && strcol("chrono_max_lag") eq "" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "26" && strcol("input_bias") eq "" && strcol("update_bias") eq "" ? column("update") : 1/0):(column("rate")) with linespoints lw 1.6 pt 7 ps 0.7 pi 3 lc rgb "#882255" title "gap=10, arm=gru-default", \
     "success_by_update.csv" using (strcol("gap") eq "10" && strcol("arm") eq "gru-bz3" && strcol("cell") eq "gru" && strcol("chrono_max_lag") eq "" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "26" && strcol("input_bias") eq "" && strcol("update_bias") eq "3" ? column("update") : 1/0):(column("rate")) with linespoints lw 1.6 pt 5 ps 0.7 pi 3 lc rgb "#44AA99" title "gap=10, arm=gru-bz3"
