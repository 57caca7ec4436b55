# Redraws rate_by_init_scale_lstm.svg from the CSV data alone. Run in this folder: gnuplot rate_by_init_scale_lstm.gp
# Writes rate_by_init_scale_lstm-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "rate_by_init_scale_lstm-gnuplot.svg"
set title "lstm: observed rate (points) and every-path prediction log10 ρ(J*) (dashed)" noenhanced
set xlabel "init_scale (≈ ρ of each W_hh block)" noenhanced
set ylabel "decades per step" noenhanced
set key outside right top noenhanced
set grid
set ytics ("-0.3" -0.30000000000000004, "-0.2" -0.20000000000000004, "-0.1" -0.10000000000000003, "0" 0.0, "0.1" 0.09999999999999998)
set yrange [-0.31433229695715204:0.18786330236582827]
plot "diagnosis.csv" using (strcol("cell") eq "lstm" && strcol("forget_bias") eq "0" && strcol("seed") eq "1" && strcol("layer") eq "0" ? column("init_scale") : 1/0):(column("observed_rate_log10")) with points pt 7 ps 0.5 lc rgb "#0072B2" title "b = 0", \
     "diagnosis.csv" using (strcol("cell") eq "lstm" && strcol("forget_bias") eq "0" && strcol("seed") eq "1" && strcol("layer") eq "0" ? column("init_scale") : 1/0):(column("linearised_rate_log10")) with lines lw 1.6 lc rgb "#0072B2" dt 2 notitle, \
     "diagnosis.csv" using (strcol("cell") eq "lstm" && strcol("forget_bias") eq "1" && strcol("seed") eq "1" && strcol("layer") eq "0" ? column("init_scale") : 1/0):(column("observed_rate_log10")) with points pt 7 ps 0.5 lc rgb "#D55E00" title "b = 1", \
     "diagnosis.csv" using (strcol("cell") eq "lstm" && strcol("forget_bias") eq "1" && strcol("seed") eq "1" && strcol("layer") eq "0" ? column("init_scale") : 1/0):(column("linearised_rate_log10")) with lines lw 1.6 lc rgb "#D55E00" dt 2 notitle, \
     "diagnosis.csv" using (strcol("cell") eq "lstm" && strcol("forget_bias") eq "2" && strcol("seed") eq "1" && strcol("layer") eq "0" ? column("init_scale") : 1/0):(column("observed_rate_log10")) with points pt 7 ps 0.5 lc rgb "#009E73" title "b = 2", \
     "diagnosis.csv" using (strcol("cell") eq "lstm" && strcol("forget_bias") eq "2" && strcol("seed") eq "1" && strcol("layer") eq "0" ? column("init_scale") : 1/0):(column("linearised_rate_log10")) with lines lw 1.6 lc rgb "#009E73" dt 2 notitle, \
     "diagnosis.csv" using (strcol("cell") eq "lstm" && strcol("forget_bias") eq "3" && strcol("seed") eq "1" && strcol("layer") eq "0" ? column("init_scale") : 1/0):(column("observed_rate_log10")) with points pt 7 ps 0.5 lc rgb "#CC79A7" title "b = 3", \
     "diagnosis.csv" using (strcol("cell") eq "lstm" && strcol("forget_bias") eq "3" && strcol("seed") eq "1" && strcol("layer") eq "0" ? column("init_scale") : 1/0):(column("linearised_rate_log10")) with lines lw 1.6 lc rgb "#CC79A7" dt 2 notitle
