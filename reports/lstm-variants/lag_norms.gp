# Redraws lag_norms.svg from the CSV data alone. Run in this folder: gnuplot lag_norms.gp
# Writes lag_norms-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "lag_norms-gnuplot.svg"
set title "‖∂L/∂h_t‖ against lag, first record dashed, last solid (seed 1)" noenhanced
set xlabel "lag T − t" noenhanced
set ylabel "‖∂L/∂h_t‖ (log scale)" noenhanced
set key outside right top noenhanced
set grid
set ytics ("1e-8" -8.0, "1e-6" -6.0, "1e-4" -4.0, "1e-2" -2.0)
set yrange [-8.905044548843739:-0.6746050916407065]
plot "lag_norms.csv" using (strcol("arm") eq "vanilla" && strcol("cell") eq "lstm-peephole" && strcol("forget_bias") eq "3" && strcol("hidden_size") eq "22" && strcol("seed") eq "1" && strcol("update") eq "1500" ? column("lag") : 1/0):(column("grad_h_log10")) with linespoints lw 1.6 pt 7 ps 0.7 pi 4 lc rgb "#0072B2" title "arm=vanilla (update 1500)", \
     "lag_norms.csv" using (strcol("arm") eq "vanilla" && strcol("cell") eq "lstm-peephole" && strcol("forget_bias") eq "3" && strcol("hidden_size") eq "22" && strcol("seed") eq "1" && strcol("update") eq "1" ? column("lag") : 1/0):(column("grad_h_log10")) with lines lw 1.6 lc rgb "#0072B2" dt 2 notitle, \
     "lag_norms.csv" using (strcol("arm") eq "np" && strcol("cell") eq "lstm" && strcol("forget_bias") eq "3" && strcol("hidden_size") eq "22" && strcol("seed") eq "1" && strcol("update") eq "1500" ? column("lag") : 1/0):(column("grad_h_log10")) with linespoints lw 1.6 pt 5 ps 0.7 pi 4 lc rgb "#D55E00" title "arm=np (update 1500)", \
     "lag_norms.csv" using (strcol("arm") eq "np" && strcol("cell") eq "lstm" && strcol("forget_bias") eq "3" && strcol("hidden_size") eq "22" && strcol("seed") eq "1" && strcol("update") eq "1" ? column("lag") : 1/0):(column("grad_h_log10")) with lines lw 1.6 lc rgb "#D55E00" dt 2 notitle, \
     "lag_norms.csv" using (strcol("arm") eq "cifg" && strcol("cell") eq "lstm-coupled" && strcol("forget_bias") eq "3" && strcol("hidden_size") eq "26" && strcol("seed") eq "1" && strcol("update") eq "1500" ? column("lag") : 1/0):(column("grad_h_log10")) with linespoints lw 1.6 pt 9 ps 0.7 pi 4 lc rgb "#009E73" title "arm=cifg (update 1500)", \
     "lag_norms.csv" using (strcol("arm") eq "cifg" && strcol("cell") eq "lstm-coupled" && strcol("forget_bias") eq "3" && strcol("hidden_size") eq "26" && strcol("seed") eq "1" && strcol("update") eq "1" ? column("lag") : 1/0):(column("grad_h_log10")) with lines lw 1.6 lc rgb "#009E73" dt 2 notitle, \
     "lag_norms.csv" using (strcol("arm") eq "nfg" && strcol("cell") eq "lstm-no-forget-gate" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "26" && strcol("seed") eq "1" && strcol("update") eq "1500" ? column("lag") : 1/0):(column("grad_h_log10")) with linespoints lw 1.6 pt 13 ps 0.7 pi 4 lc rgb "#CC79A7" title "arm=nfg (update 1500)", \
     "lag_norms.csv" using (strcol("arm") eq "nfg" && strcol("cell") eq "lstm-no-forget-gate" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "26" && strcol("seed") eq "1" && strcol("update") eq "1" ? column("lag") : 1/0):(column("grad_h_log10")) with lines lw 1.6 lc rgb "#CC79A7" dt 2 notitle, \
     "lag_norms.csv" using (strcol("arm") eq "noaf" && strcol("cell") eq "lstm-no-output-activation" && strcol("forget_bias") eq "3" && strcol("hidden_size") eq "22" && strcol("seed") eq "1" && strcol("update") eq "1500" ? column("lag") : 1/0):(column("grad_h_log10")) with linespoints lw 1.6 pt 11 ps 0.7 pi 4 lc rgb "#E69F00" title "arm=noaf (update 1500)", \
     "lag_norms.csv" using (strcol("arm") eq "noaf" && strcol("cell") eq "lstm-no-output-activation" && strcol("forget_bias") eq "3" && strcol("hidden_size") eq "22" && strcol("seed") eq "1" && strcol("update") eq "1" ? column("lag") : 1/0):(column("grad_h_log10")) with lines lw 1.6 lc rgb "#E69F00" dt 2 notitle
