# Redraws rate_by_init_scale_gru-reset-before.svg from the CSV data alone. Run in this folder: gnuplot rate_by_init_scale_gru-reset-before.gp
# Writes rate_by_init_scale_gru-reset-before-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "rate_by_init_scale_gru-reset-before-gnuplot.svg"
set title "gru-reset-before: observed rate (points) and every-path prediction log10 ρ(J*) (dashed), bias = zero" noenhanced
set xlabel "init_scale (≈ ρ of each W_hh block)" noenhanced
set ylabel "decades per step" noenhanced
set key outside right top noenhanced
set grid
set ytics ("-0.8" -0.8, "-0.6" -0.6000000000000001, "-0.4" -0.4, "-0.2" -0.19999999999999996, "0" 0.0, "0.2" 0.19999999999999996)
set yrange [-0.9059853030945267:0.33617556779883495]
plot "diagnosis.csv" using (strcol("bias") eq "zero" && strcol("cell") eq "gru-reset-before" && strcol("update_bias") eq "-2" && strcol("seed") eq "1" && strcol("layer") eq "0" ? column("init_scale") : 1/0):(column("observed_rate_log10")) with points pt 7 ps 0.5 lc rgb "#0072B2" title "b = -2", \
     "diagnosis.csv" using (strcol("bias") eq "zero" && strcol("cell") eq "gru-reset-before" && strcol("update_bias") eq "-2" && strcol("seed") eq "1" && strcol("layer") eq "0" ? column("init_scale") : 1/0):(column("linearised_rate_log10")) with lines lw 1.6 lc rgb "#0072B2" dt 2 notitle, \
     "diagnosis.csv" using (strcol("bias") eq "zero" && strcol("cell") eq "gru-reset-before" && strcol("update_bias") eq "0" && strcol("seed") eq "1" && strcol("layer") eq "0" ? column("init_scale") : 1/0):(column("observed_rate_log10")) with points pt 7 ps 0.5 lc rgb "#D55E00" title "b = 0", \
     "diagnosis.csv" using (strcol("bias") eq "zero" && strcol("cell") eq "gru-reset-before" && strcol("update_bias") eq "0" && strcol("seed") eq "1" && strcol("layer") eq "0" ? column("init_scale") : 1/0):(column("linearised_rate_log10")) with lines lw 1.6 lc rgb "#D55E00" dt 2 notitle, \
     "diagnosis.csv" using (strcol("bias") eq "zero" && strcol("cell") eq "gru-reset-before" && strcol("update_bias") eq "2" && strcol("seed") eq "1" && strcol("layer") eq "0" ? column("init_scale") : 1/0):(column("observed_rate_log10")) with points pt 7 ps 0.5 lc rgb "#009E73" title "b = 2", \
     "diagnosis.csv" using (strcol("bias") eq "zero" && strcol("cell") eq "gru-reset-before" && strcol("update_bias") eq "2" && strcol("seed") eq "1" && strcol("layer") eq "0" ? column("init_scale") : 1/0):(column("linearised_rate_log10")) with lines lw 1.6 lc rgb "#009E73" dt 2 notitle, \
     "diagnosis.csv" using (strcol("bias") eq "zero" && strcol("cell") eq "gru-reset-before" && strcol("update_bias") eq "4" && strcol("seed") eq "1" && strcol("layer") eq "0" ? column("init_scale") : 1/0):(column("observed_rate_log10")) with points pt 7 ps 0.5 lc rgb "#CC79A7" title "b = 4", \
     "diagnosis.csv" using (strcol("bias") eq "zero" && strcol("cell") eq "gru-reset-before" && strcol("update_bias") eq "4" && strcol("seed") eq "1" && strcol("layer") eq "0" ? column("init_scale") : 1/0):(column("linearised_rate_log10")) with lines lw 1.6 lc rgb "#CC79A7" dt 2 notitle
