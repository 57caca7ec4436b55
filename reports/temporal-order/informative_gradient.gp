# Redraws informative_gradient.svg from the CSV data alone. Run in this folder: gnuplot informative_gradient.gp
# Writes informative_gradient-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "informative_gradient-gnuplot.svg"
set title "Gradient reaching the informative step, relative to the last step (seed 1, length 50)" noenhanced
set xlabel "update" noenhanced
set ylabel "‖∂L/∂h_informative‖ / ‖∂L/∂h_T‖ (log scale)" noenhanced
set key outside right top noenhanced
set grid
set ytics ("1e-1" -1.0, "1e0" 0.0, "1e1" 1.0)
set yrange [-1.5008783052322807:1.4274441795523727]
plot "lag_norms.csv" using (strcol("arm") eq "msgd" && strcol("clip") eq "none" && strcol("clip_threshold") eq "1" && strcol("omega") eq "0" && strcol("informative") eq "true" && strcol("seed") eq "1" && strcol("length") eq "50" ? column("update") : 1/0):(column("ratio_to_last_log10")) with linespoints lw 1.6 pt 7 ps 0.7 pi 1 lc rgb "#0072B2" title "arm=msgd", \
     "lag_norms.csv" using (strcol("arm") eq "msgd-c" && strcol("clip") eq "global-norm" && strcol("clip_threshold") eq "1" && strcol("omega") eq "0" && strcol("informative") eq "true" && strcol("seed") eq "1" && strcol("length") eq "50" ? column("update") : 1/0):(column("ratio_to_last_log10")) with linespoints lw 1.6 pt 5 ps 0.7 pi 1 lc rgb "#D55E00" title "arm=msgd-c", \
     "lag_norms.csv" using (strcol("arm") eq "msgd-cr" && strcol("clip") eq "global-norm" && strcol("clip_threshold") eq "1" && strcol("omega") eq "2" && strcol("informative") eq "true" && strcol("seed") eq "1" && strcol("length") eq "50" ? column("update") : 1/0):(column("ratio_to_last_log10")) with linespoints lw 1.6 pt 9 ps 0.7 pi 1 lc rgb "#009E73" title "arm=msgd-cr"
