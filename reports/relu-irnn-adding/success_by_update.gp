# Redraws success_by_update.svg from the CSV data alone. Run in this folder: gnuplot success_by_update.gp
# Writes success_by_update-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "success_by_update-gnuplot.svg"
set title "Share of seeds solved by each update" noenhanced
set xlabel "update" noenhanced
set ylabel "share of seeds solved" noenhanced
set key below left noenhanced
set grid
set ytics ("0" 0.0, "0.2" 0.2, "0.4" 0.4, "0.6" 0.6000000000000001, "0.8" 0.8, "1" 1.0)
set yrange [0.0:1.0]
plot "success_by_update.csv" using (strcol("length") eq "150" && strcol("arm") eq "irnn-lr0.0001" && strcol("bias") eq "zero" && strcol("cell") eq "rnn-relu" && strcol("forget_bias") eq "" && strcol("init") eq "identity" && strcol("learning_rate") eq "0.0001" ? column("update") : 1/0):(column("rate")) with linespoints lw 1.6 pt 7 ps 0.7 pi 4 lc rgb "#0072B2" title "length=150, arm=irnn-lr0.0001", \
     "success_by_update.csv" using (strcol("length") eq "150" && strcol("arm") eq "irnn-lr0.001" && strcol("bias") eq "zero" && strcol("cell") eq "rnn-relu" && strcol("forget_bias") eq "" && strcol("init") eq "identity" && strcol("learning_rate") eq "0.001" ? column("update") : 1/0):(column("rate")) with linespoints lw 1.6 pt 5 ps 0.7 pi 4 lc rgb "#D55E00" title "length=150, arm=irnn-lr0.001", \
     "success_by_update.csv" using (strcol("length") eq "150" && strcol("arm") eq "tanh-lr0.001" && strcol("bias") eq "" && strcol("cell") eq "rnn-tanh" && strcol("forget_bias") eq "" && strcol("init") eq "" && strcol("learning_rate") eq "0.001" ? column("update") : 1/0):(column("rate")) with linespoints lw 1.6 pt 9 ps 0.7 pi 4 lc rgb "#009E73" title "length=150, arm=tanh-lr0.001", \
     "success_by_update.csv" using (strcol("length") eq "150" && strcol("arm") eq "tanh-lr0.01" && strcol("bias") eq "" && strcol("cell") eq "rnn-tanh" && strcol("forget_bias") eq "" && strcol("init") eq "" && strcol("learning_rate") eq "0.01" ? column("update") : 1/0):(column("rate")) with linespoints lw 1.6 pt 13 ps 0.7 pi 4 lc rgb "#CC79A7" title "length=150, arm=tanh-lr0.01", \
     "success_by_update.csv" using (strcol("length") eq "150" && strcol("arm") eq "lstm-lr0.001" && strcol("bias") eq "" && strcol("cell") eq "lstm" && strcol("forget_bias") eq "1" && strcol("init") eq "" && strcol("learning_rate") eq "0.001" ? column("update") : 1/0):(column("rate")) with linespoints lw 1.6 pt 11 ps 0.7 pi 4 lc rgb "#E69F00" title "length=150, arm=lstm-lr0.001", \
     "success_by_update.csv" using (strcol("length") eq "150" && strcol("arm") eq "lstm-lr0.01" && strcol("bias") eq "" && strcol("cell") eq "lstm" && strcol("forget_bias") eq "1" && strcol("init") eq "" && strcol("learning_rate") eq "0.01" ? column("update") : 1/0):(column("rate")) with linespoints lw 1.6 pt 2 ps 0.7 pi 4 lc rgb "#56B4E9" title "length=150, arm=lstm-lr0.01"
