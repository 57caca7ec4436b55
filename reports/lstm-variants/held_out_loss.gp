# Redraws held_out_loss.svg from the CSV data alone. Run in this folder: gnuplot held_out_loss.gp
# Writes held_out_loss-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "held_out_loss-gnuplot.svg"
set title "Held-out loss during training: mean over 10 seeds (dashed: lowest and highest seed)" noenhanced
set xlabel "update" noenhanced
set ylabel "loss (log scale)" noenhanced
set key outside right top noenhanced
set grid
set ytics ("1e-6" -6.0, "1e-4" -4.0, "1e-2" -2.0, "1e0" 0.0)
set yrange [-7.465281833955121:0.9167706769692947]
plot "curves_by_update.csv" using (strcol("arm") eq "vanilla" && strcol("cell") eq "lstm-peephole" && strcol("forget_bias") eq "3" && strcol("hidden_size") eq "22" ? column("update") : 1/0):(log10(column("loss_mean"))) with linespoints lw 1.6 pt 7 ps 0.7 pi 6 lc rgb "#0072B2" title "arm=vanilla", \
     "curves_by_update.csv" using (strcol("arm") eq "vanilla" && strcol("cell") eq "lstm-peephole" && strcol("forget_bias") eq "3" && strcol("hidden_size") eq "22" ? column("update") : 1/0):(log10(column("loss_min"))) with lines lw 1.6 lc rgb "#0072B2" dt 2 notitle, \
     "curves_by_update.csv" using (strcol("arm") eq "vanilla" && strcol("cell") eq "lstm-peephole" && strcol("forget_bias") eq "3" && strcol("hidden_size") eq "22" ? column("update") : 1/0):(log10(column("loss_max"))) with lines lw 1.6 lc rgb "#0072B2" dt 2 notitle, \
     "curves_by_update.csv" using (strcol("arm") eq "np" && strcol("cell") eq "lstm" && strcol("forget_bias") eq "3" && strcol("hidden_size") eq "22" ? column("update") : 1/0):(log10(column("loss_mean"))) with linespoints lw 1.6 pt 5 ps 0.7 pi 6 lc rgb "#D55E00" title "arm=np", \
     "curves_by_update.csv" using (strcol("arm") eq "np" && strcol("cell") eq "lstm" && strcol("forget_bias") eq "3" && strcol("hidden_size") eq "22" ? column("update") : 1/0):(log10(column("loss_min"))) with lines lw 1.6 lc rgb "#D55E00" dt 2 notitle, \
     "curves_by_update.csv" using (strcol("arm") eq "np" && strcol("cell") eq "lstm" && strcol("forget_bias") eq "3" && strcol("hidden_size") eq "22" ? column("update") : 1/0):(log10(column("loss_max"))) with lines lw 1.6 lc rgb "#D55E00" dt 2 notitle, \
     "curves_by_update.csv" using (strcol("arm") eq "cifg" && strcol("cell") eq "lstm-coupled" && strcol("forget_bias") eq "3" && strcol("hidden_size") eq "26" ? column("update") : 1/0):(log10(column("loss_mean"))) with linespoints lw 1.6 pt 9 ps 0.7 pi 6 lc rgb "#009E73" title "arm=cifg", \
     "curves_by_update.csv" using (strcol("arm") eq "cifg" && strcol("cell") eq "lstm-coupled" && strcol("forget_bias") eq "3" && strcol("hidden_size") eq "26" ? column("update") : 1/0):(log10(column("loss_min"))) with lines lw 1.6 lc rgb "#009E73" dt 2 notitle, \
     "curves_by_update.csv" using (strcol("arm") eq "cifg" && strcol("cell") eq "lstm-coupled" && strcol("forget_bias") eq "3" && strcol("hidden_size") eq "26" ? column("update") : 1/0):(log10(column("loss_max"))) with lines lw 1.6 lc rgb "#009E73" dt 2 notitle, \
     "curves_by_update.csv" using (strcol("arm") eq "nfg" && strcol("cell") eq "lstm-no-forget-gate" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "26" ? column("update") : 1/0):(log10(column("loss_mean"))) with linespoints lw 1.6 pt 13 ps 0.7 pi 6 lc rgb "#CC79A7" title "arm=nfg", \
     "curves_by_update.csv" using (strcol("arm") eq "nfg" && strcol("cell") eq "lstm-no-forget-gate" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "26" ? column("update") : 1/0):(log10(column("loss_min"))) with lines lw 1.6 lc rgb "#CC79A7" dt 2 notitle, \
     "curves_by_update.csv" using (strcol("arm") eq "nfg" && strcol("cell") eq "lstm-no-forget-gate" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "26" ? column("update") : 1/0):(log10(column("loss_max"))) with lines lw 1.6 lc rgb "#CC79A7" dt 2 notitle, \
     "curves_by_update.csv" using (strcol("arm") eq "noaf" && strcol("cell") eq "lstm-no-output-activation" && strcol("forget_bias") eq "3" && strcol("hidden_size") eq "22" ? column("update") : 1/0):(log10(column("loss_mean"))) with linespoints lw 1.6 pt 11 ps 0.7 pi 6 lc rgb "#E69F00" title "arm=noaf", \
     "curves_by_update.csv" using (strcol("arm") eq "noaf" && strcol("cell") eq "lstm-no-output-activation" && strcol("forget_bias") eq "3" && strcol("hidden_size") eq "22" ? column("update") : 1/0):(log10(column("loss_min"))) with lines lw 1.6 lc rgb "#E69F00" dt 2 notitle, \
     "curves_by_update.csv" using (strcol("arm") eq "noaf" && strcol("cell") eq "lstm-no-output-activation" && strcol("forget_bias") eq "3" && strcol("hidden_size") eq "22" ? column("update") : 1/0):(log10(column("loss_max"))) with lines lw 1.6 lc rgb "#E69F00" dt 2 notitle
