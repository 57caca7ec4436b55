# Redraws learning_curves.svg from the CSV data alone. Run in this folder: gnuplot learning_curves.gp
# Writes learning_curves-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "learning_curves-gnuplot.svg"
set title "Held-out accuracy during training: mean over 10 seeds (dashed: lowest and highest seed)" noenhanced
set xlabel "update" noenhanced
set ylabel "accuracy" noenhanced
set key outside right top noenhanced
set grid
set ytics ("0.2" 0.2, "0.4" 0.4, "0.6" 0.6000000000000001, "0.8" 0.8, "1" 1.0)
set yrange [0.0739:1.0441]
plot "curves_by_update.csv" using (strcol("arm") eq "vanilla" && strcol("cell") eq "lstm-peephole" && strcol("forget_bias") eq "3" && strcol("hidden_size") eq "22" ? column("update") : 1/0):(column("metric_mean")) with linespoints lw 1.6 pt 7 ps 0.7 pi 6 lc rgb "#0072B2" title "arm=vanilla", \
     "curves_by_update.csv" using (strcol("arm") eq "vanilla" && strcol("cell") eq "lstm-peephole" && strcol("forget_bias") eq "3" && strcol("hidden_size") eq "22" ? column("update") : 1/0):(column("metric_min")) with lines lw 1.6 lc rgb "#0072B2" dt 2 notitle, \
     "curves_by_update.csv" using (strcol("arm") eq "vanilla" && strcol("cell") eq "lstm-peephole" && strcol("forget_bias") eq "3" && strcol("hidden_size") eq "22" ? column("update") : 1/0):(column("metric_max")) with lines lw 1.6 lc rgb "#0072B2" dt 2 notitle, \
     "curves_by_update.csv" using (strcol("arm") eq "np" && strcol("cell") eq "lstm" && strcol("forget_bias") eq "3" && strcol("hidden_size") eq "22" ? column("update") : 1/0):(column("metric_mean")) with linespoints lw 1.6 pt 5 ps 0.7 pi 6 lc rgb "#D55E00" title "arm=np", \
     "curves_by_update.csv" using (strcol("arm") eq "np" && strcol("cell") eq "lstm" && strcol("forget_bias") eq "3" && strcol("hidden_size") eq "22" ? column("update") : 1/0):(column("metric_min")) with lines lw 1.6 lc rgb "#D55E00" dt 2 notitle, \
     "curves_by_update.csv" using (strcol("arm") eq "np" && strcol("cell") eq "lstm" && strcol("forget_bias") eq "3" && strcol("hidden_size") eq "22" ? column("update") : 1/0):(column("metric_max")) with lines lw 1.6 lc rgb "#D55E00" dt 2 notitle, \
     "curves_by_update.csv" using (strcol("arm") eq "cifg" && strcol("cell") eq "lstm-coupled" && strcol("forget_bias") eq "3" && strcol("hidden_size") eq "26" ? column("update") : 1/0):(column("metric_mean")) with linespoints lw 1.6 pt 9 ps 0.7 pi 6 lc rgb "#009E73" title "arm=cifg", \
     "curves_by_update.csv" using (strcol("arm") eq "cifg" && strcol("cell") eq "lstm-coupled" && strcol("forget_bias") eq "3" && strcol("hidden_size") eq "26" ? column("update") : 1/0):(column("metric_min")) with lines lw 1.6 lc rgb "#009E73" dt 2 notitle, \
     "curves_by_update.csv" using (strcol("arm") eq "cifg" && strcol("cell") eq "lstm-coupled" && strcol("forget_bias") eq "3" && strcol("hidden_size") eq "26" ? column("update") : 1/0):(column("metric_max")) with lines lw 1.6 lc rgb "#009E73" dt 2 notitle, \
     "curves_by_update.csv" using (strcol("arm") eq "nfg" && strcol("cell") eq "lstm-no-forget-gate" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "26" ? column("update") : 1/0):(column("metric_mean")) with linespoints lw 1.6 pt 13 ps 0.7 pi 6 lc rgb "#CC79A7" title "arm=nfg", \
     "curves_by_update.csv" using (strcol("arm") eq "nfg" && strcol("cell") eq "lstm-no-forget-gate" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "26" ? column("update") : 1/0):(column("metric_min")) with lines lw 1.6 lc rgb "#CC79A7" dt 2 notitle, \
     "curves_by_update.csv" using (strcol("arm") eq "nfg" && strcol("cell") eq "lstm-no-forget-gate" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "26" ? column("update") : 1/0):(column("metric_max")) with lines lw 1.6 lc rgb "#CC79A7" dt 2 notitle, \
     "curves_by_update.csv" using (strcol("arm") eq "noaf" && strcol("cell") eq "lstm-no-output-activation" && strcol("forget_bias") eq "3" && strcol("hidden_size") eq "22" ? column("update") : 1/0):(column("metric_mean")) with linespoints lw 1.6 pt 11 ps 0.7 pi 6 lc rgb "#E69F00" title "arm=noaf", \
     "curves_by_update.csv" using (strcol("arm") eq "noaf" && strcol("cell") eq "lstm-no-output-activation" && strcol("forget_bias") eq "3" && strcol("hidden_size") eq "22" ? column("update") : 1/0):(column("metric_min")) with lines lw 1.6 lc rgb "#E69F00" dt 2 notitle, \
     "curves_by_update.csv" using (strcol("arm") eq "noaf" && strcol("cell") eq "lstm-no-output-activation" && strcol("forget_bias") eq "3" && strcol("hidden_size") eq "22" ? column("update") : 1/0):(column("metric_max")) with lines lw 1.6 lc rgb "#E69F00" dt 2 notitle, \
     "curves_by_update.csv" using (strcol("arm") eq "vanilla" && strcol("cell") eq "lstm-peephole" && strcol("forget_bias") eq "3" && strcol("hidden_size") eq "22" ? column("update") : 1/0):(column("baseline_metric")) with linespoints lw 1.6 pt 2 ps 0.7 pi 6 lc rgb "#56B4E9" dt 2 title "baseline 25.0%"
