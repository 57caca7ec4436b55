# Redraws success_vs_length.svg from the CSV data alone. Run in this folder: gnuplot success_vs_length.gp
# Writes success_vs_length-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "success_vs_length-gnuplot.svg"
set title "Success rate against the length (dashed: Wilson 95% interval)" noenhanced
set xlabel "sequence length T (log scale)" noenhanced
set ylabel "success rate" noenhanced
set key outside right top noenhanced
set grid
set ytics ("0" 0.0, "0.2" 0.2, "0.4" 0.4, "0.6" 0.6000000000000001, "0.8" 0.8, "1" 1.0)
set logscale x
set yrange [0.0:1.0]
plot "success_rates.csv" using (strcol("arm") eq "lstm-50" && strcol("cell") eq "lstm" && strcol("forget_bias") eq "1" && strcol("hidden_size") eq "22" && strcol("task") eq "temporal-order-4" && strcol("updates") eq "1500" ? column("length") : 1/0):(column("rate")) with lines lw 1.6 lc rgb "#0072B2" title "arm=lstm-50", \
     "success_rates.csv" using (strcol("arm") eq "lstm-50" && strcol("cell") eq "lstm" && strcol("forget_bias") eq "1" && strcol("hidden_size") eq "22" && strcol("task") eq "temporal-order-4" && strcol("updates") eq "1500" ? column("length") : 1/0):(column("rate_lower")) with lines lw 1.6 lc rgb "#0072B2" dt 2 notitle, \
     "success_rates.csv" using (strcol("arm") eq "lstm-50" && strcol("cell") eq "lstm" && strcol("forget_bias") eq "1" && strcol("hidden_size") eq "22" && strcol("task") eq "temporal-order-4" && strcol("updates") eq "1500" ? column("length") : 1/0):(column("rate_upper")) with lines lw 1.6 lc rgb "#0072B2" dt 2 notitle, \
     "success_rates.csv" using (strcol("arm") eq "gru-50" && strcol("cell") eq "gru" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "26" && strcol("task") eq "temporal-order-4" && strcol("updates") eq "1500" ? column("length") : 1/0):(column("rate")) with lines lw 1.6 lc rgb "#D55E00" title "arm=gru-50", \
     "success_rates.csv" using (strcol("arm") eq "gru-50" && strcol("cell") eq "gru" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "26" && strcol("task") eq "temporal-order-4" && strcol("updates") eq "1500" ? column("length") : 1/0):(column("rate_lower")) with lines lw 1.6 lc rgb "#D55E00" dt 2 notitle, \
     "success_rates.csv" using (strcol("arm") eq "gru-50" && strcol("cell") eq "gru" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "26" && strcol("task") eq "temporal-order-4" && strcol("updates") eq "1500" ? column("length") : 1/0):(column("rate_upper")) with lines lw 1.6 lc rgb "#D55E00" dt 2 notitle, \
     "success_rates.csv" using (strcol("arm") eq "lstm-count" && strcol("cell") eq "lstm" && strcol("forget_bias") eq "1" && strcol("hidden_size") eq "10" && strcol("task") eq "counting-anbn" && strcol("updates") eq "2000" ? column("length") : 1/0):(column("rate")) with lines lw 1.6 lc rgb "#009E73" title "arm=lstm-count", \
     "success_rates.csv" using (strcol("arm") eq "lstm-count" && strcol("cell") eq "lstm" && strcol("forget_bias") eq "1" && strcol("hidden_size") eq "10" && strcol("task") eq "counting-anbn" && strcol("updates") eq "2000" ? column("length") : 1/0):(column("rate_lower")) with lines lw 1.6 lc rgb "#009E73" dt 2 notitle, \
     "success_rates.csv" using (strcol("arm") eq "lstm-count" && strcol("cell") eq "lstm" && strcol("forget_bias") eq "1" && strcol("hidden_size") eq "10" && strcol("task") eq "counting-anbn" && strcol("updates") eq "2000" ? column("length") : 1/0):(column("rate_upper")) with lines lw 1.6 lc rgb "#009E73" dt 2 notitle, \
     "success_rates.csv" using (strcol("arm") eq "gru-count" && strcol("cell") eq "gru" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "12" && strcol("task") eq "counting-anbn" && strcol("updates") eq "2000" ? column("length") : 1/0):(column("rate")) with lines lw 1.6 lc rgb "#CC79A7" title "arm=gru-count", \
     "success_rates.csv" using (strcol("arm") eq "gru-count" && strcol("cell") eq "gru" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "12" && strcol("task") eq "counting-anbn" && strcol("updates") eq "2000" ? column("length") : 1/0):(column("rate_lower")) with lines lw 1.6 lc rgb "#CC79A7" dt 2 notitle, \
     "success_rates.csv" using (strcol("arm") eq "gru-count" && strcol("cell") eq "gru" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "12" && strcol("task") eq "counting-anbn" && strcol("updates") eq "2000" ? column("length") : 1/0):(column("rate_upper")) with lines lw 1.6 lc rgb "#CC79A7" dt 2 notitle
