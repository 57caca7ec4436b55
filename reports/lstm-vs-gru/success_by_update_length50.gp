# Redraws success_by_update_length50.svg from the CSV data alone. Run in this folder: gnuplot success_by_update_length50.gp
# Writes success_by_update_length50-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "success_by_update_length50-gnuplot.svg"
set title "Share of seeds solved by each update, length 50 (dashed: Wilson lower bound)" noenhanced
set xlabel "update" noenhanced
set ylabel "share of seeds solved" noenhanced
set key outside right top noenhanced
set grid
set ytics ("0" 0.0, "0.2" 0.2, "0.4" 0.4, "0.6" 0.6000000000000001, "0.8" 0.8, "1" 1.0)
set yrange [0.0:1.0]
plot "success_by_update.csv" using (strcol("arm") eq "lstm-50" && strcol("cell") eq "lstm" && strcol("forget_bias") eq "1" && strcol("hidden_size") eq "22" && strcol("length") eq "50" && strcol("task") eq "temporal-order-4" && strcol("updates") eq "1500" ? column("update") : 1/0):(column("rate")) with linespoints lw 1.6 pt 7 ps 0.7 pi 4 lc rgb "#0072B2" title "arm=lstm-50", \
     "success_by_update.csv" using (strcol("arm") eq "lstm-50" && strcol("cell") eq "lstm" && strcol("forget_bias") eq "1" && strcol("hidden_size") eq "22" && strcol("length") eq "50" && strcol("task") eq "temporal-order-4" && strcol("updates") eq "1500" ? column("update") : 1/0):(column("rate_lower")) with lines lw 1.6 lc rgb "#0072B2" dt 2 notitle, \
     "success_by_update.csv" using (strcol("arm") eq "gru-50" && strcol("cell") eq "gru" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "26" && strcol("length") eq "50" && strcol("task") eq "temporal-order-4" && strcol("updates") eq "1500" ? column("update") : 1/0):(column("rate")) with linespoints lw 1.6 pt 5 ps 0.7 pi 4 lc rgb "#D55E00" title "arm=gru-50", \
     "success_by_update.csv" using (strcol("arm") eq "gru-50" && strcol("cell") eq "gru" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "26" && strcol("length") eq "50" && strcol("task") eq "temporal-order-4" && strcol("updates") eq "1500" ? column("update") : 1/0):(column("rate_lower")) with lines lw 1.6 lc rgb "#D55E00" dt 2 notitle
