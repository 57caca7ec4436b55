# Redraws ff-training.svg from the CSV data alone. Run in this folder: gnuplot ff-training.gp
# Writes ff-training-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "ff-training-gnuplot.svg"
set title "Held-out accuracy during training (dashed: plain)" noenhanced
set xlabel "update" noenhanced
set ylabel "accuracy" noenhanced
set key outside right top noenhanced
set grid
set ytics ("0" 0.0, "0.2" 0.2, "0.4" 0.4, "0.6" 0.6000000000000001, "0.8" 0.8, "1" 1.0)
set yrange [0.0:1.0]
plot "ff_training.csv" using (strcol("activation") eq "tanh" && strcol("architecture") eq "plain" && strcol("depth") eq "10" && strcol("init") eq "normalised" && strcol("spectrum") eq "" && strcol("train") eq "true" && strcol("weights") eq "" && strcol("seed") eq "1" ? column("update") : 1/0):(column("accuracy")) with linespoints lw 1.6 pt 7 ps 0.7 pi 5 lc rgb "#0072B2" dt 2 title "plain, depth 10", \
     "ff_training.csv" using (strcol("activation") eq "tanh" && strcol("architecture") eq "plain" && strcol("depth") eq "20" && strcol("init") eq "normalised" && strcol("spectrum") eq "" && strcol("train") eq "true" && strcol("weights") eq "" && strcol("seed") eq "1" ? column("update") : 1/0):(column("accuracy")) with linespoints lw 1.6 pt 5 ps 0.7 pi 5 lc rgb "#D55E00" dt 2 title "plain, depth 20", \
     "ff_training.csv" using (strcol("activation") eq "tanh" && strcol("architecture") eq "plain" && strcol("depth") eq "50" && strcol("init") eq "normalised" && strcol("spectrum") eq "" && strcol("train") eq "true" && strcol("weights") eq "" && strcol("seed") eq "1" ? column("update") : 1/0):(column("accuracy")) with linespoints lw 1.6 pt 9 ps 0.7 pi 5 lc rgb "#009E73" dt 2 title "plain, depth 50", \
     "ff_training.csv" using (strcol("activation") eq "tanh" && strcol("architecture") eq "highway" && strcol("depth") eq "10" && strcol("init") eq "normalised" && strcol("spectrum") eq "" && strcol("train") eq "true" && strcol("weights") eq "" && strcol("seed") eq "1" ? column("update") : 1/0):(column("accuracy")) with linespoints lw 1.6 pt 13 ps 0.7 pi 5 lc rgb "#CC79A7" title "highway, depth 10", \
     "ff_training.csv" using (strcol("activation") eq "tanh" && strcol("architecture") eq "highway" && strcol("depth") eq "20" && strcol("init") eq "normalised" && strcol("spectrum") eq "" && strcol("train") eq "true" && strcol("weights") eq "" && strcol("seed") eq "1" ? column("update") : 1/0):(column("accuracy")) with linespoints lw 1.6 pt 11 ps 0.7 pi 5 lc rgb "#E69F00" title "highway, depth 20", \
     "ff_training.csv" using (strcol("activation") eq "tanh" && strcol("architecture") eq "highway" && strcol("depth") eq "50" && strcol("init") eq "normalised" && strcol("spectrum") eq "" && strcol("train") eq "true" && strcol("weights") eq "" && strcol("seed") eq "1" ? column("update") : 1/0):(column("accuracy")) with linespoints lw 1.6 pt 2 ps 0.7 pi 5 lc rgb "#56B4E9" title "highway, depth 50"
