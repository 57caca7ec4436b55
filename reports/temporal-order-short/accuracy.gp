# Redraws accuracy.svg from the CSV data alone. Run in this folder: gnuplot accuracy.gp
# Writes accuracy-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "accuracy-gnuplot.svg"
set title "Held-out accuracy during training (seed 1)" noenhanced
set xlabel "update" noenhanced
set ylabel "accuracy" noenhanced
set key outside right top noenhanced
set grid
plot "evaluation.csv" using (strcol("length") eq "20" && strcol("seed") eq "1" ? column("update") : 1/0):(column("metric")) with lines lw 1.6 lc rgb "#0072B2" title "T = 20", \
     "evaluation.csv" using (strcol("length") eq "30" && strcol("seed") eq "1" ? column("update") : 1/0):(column("metric")) with lines lw 1.6 lc rgb "#D55E00" title "T = 30", \
     "evaluation.csv" using (strcol("length") eq "40" && strcol("seed") eq "1" ? column("update") : 1/0):(column("metric")) with lines lw 1.6 lc rgb "#009E73" title "T = 40", \
     "evaluation.csv" using (strcol("length") eq "50" && strcol("seed") eq "1" ? column("update") : 1/0):(column("metric")) with lines lw 1.6 lc rgb "#CC79A7" title "T = 50"
