# Redraws rate_by_init_scale_rnn-tanh.svg from the CSV data alone. Run in this folder: gnuplot rate_by_init_scale_rnn-tanh.gp
# Writes rate_by_init_scale_rnn-tanh-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "rate_by_init_scale_rnn-tanh-gnuplot.svg"
set title "rnn-tanh: observed rate (points) and every-path prediction log10 ρ(J*) (dashed)" noenhanced
set xlabel "init_scale (≈ ρ of each W_hh block)" noenhanced
set ylabel "decades per step" noenhanced
set key outside right top noenhanced
set grid
set ytics ("-1" -1.0, "-0.5" -0.5, "0" 0.0)
set yrange [-1.360425887948069:0.4052016724307843]
plot "diagnosis.csv" using (strcol("cell") eq "rnn-tanh" && strcol("forget_bias") eq "" && strcol("seed") eq "1" && strcol("layer") eq "0" ? column("init_scale") : 1/0):(column("observed_rate_log10")) with points pt 7 ps 0.5 lc rgb "#0072B2" title "rnn-tanh", \
     "diagnosis.csv" using (strcol("cell") eq "rnn-tanh" && strcol("forget_bias") eq "" && strcol("seed") eq "1" && strcol("layer") eq "0" ? column("init_scale") : 1/0):(column("linearised_rate_log10")) with lines lw 1.6 lc rgb "#0072B2" dt 2 notitle
