# Redraws lag_norms_tasktemporal-order-4.svg from the CSV data alone. Run in this folder: gnuplot lag_norms_tasktemporal-order-4.gp
# Writes lag_norms_tasktemporal-order-4-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "lag_norms_tasktemporal-order-4-gnuplot.svg"
set title "‖∂L/∂h_t‖ against lag, first record dashed, last solid (seed 1, task temporal-order-4)" noenhanced
set xlabel "lag T − t" noenhanced
set ylabel "‖∂L/∂h_t‖ (log scale)" noenhanced
set key outside right top noenhanced
set grid
set ytics ("1e-10" -10.0, "1e-8" -8.0, "1e-6" -6.0, "1e-4" -4.0, "1e-2" -2.0)
set yrange [-10.708753065275076:-0.5821367716956023]
plot "lag_norms.csv" using (strcol("arm") eq "lstm-50" && strcol("cell") eq "lstm" && strcol("forget_bias") eq "1" && strcol("hidden_size") eq "22" && strcol("length") eq "50" && strcol("updates") eq "1500" && strcol("seed") eq "1" && strcol("task") eq "temporal-order-4" && strcol("update") eq "1500" ? column("lag") : 1/0):(column("grad_h_log10")) with linespoints lw 1.6 pt 7 ps 0.7 pi 3 lc rgb "#0072B2" title "arm=lstm-50 (update 1500)", \
     "lag_norms.csv" using (strcol("arm") eq "lstm-50" && strcol("cell") eq "lstm" && strcol("forget_bias") eq "1" && strcol("hidden_size") eq "22" && strcol("length") eq "50" && strcol("updates") eq "1500" && strcol("seed") eq "1" && strcol("task") eq "temporal-order-4" && strcol("update") eq "1" ? column("lag") : 1/0):(column("grad_h_log10")) with lines lw 1.6 lc rgb "#0072B2" dt 2 notitle, \
     "lag_norms.csv" using (strcol("arm") eq "gru-50" && strcol("cell") eq "gru" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "26" && strcol("length") eq "50" && strcol("updates") eq "1500" && strcol("seed") eq "1" && strcol("task") eq "temporal-order-4" && strcol("update") eq "1500" ? column("lag") : 1/0):(column("grad_h_log10")) with linespoints lw 1.6 pt 5 ps 0.7 pi 3 lc rgb "#D55E00" title "arm=gru-50 (update 1500)", \
     "lag_norms.csv" using (strcol("arm") eq "gru-50" && strcol("cell") eq "gru" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "26" && strcol("length") eq "50" && strcol("updates") eq "1500" && strcol("seed") eq "1" && strcol("task") eq "temporal-order-4" && strcol("update") eq "1" ? column("lag") : 1/0):(column("grad_h_log10")) with lines lw 1.6 lc rgb "#D55E00" dt 2 notitle
