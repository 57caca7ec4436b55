# Redraws mse_T150.svg from the CSV data alone. Run in this folder: gnuplot mse_T150.gp
# Writes mse_T150-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "mse_T150-gnuplot.svg"
set title "Held-out MSE during training, T = 150 (seed 1)" noenhanced
set xlabel "update" noenhanced
set ylabel "MSE" noenhanced
set key outside right top noenhanced
set grid
plot "evaluation.csv" using (strcol("cell") eq "rnn-relu" && strcol("length") eq "150" && strcol("seed") eq "1" ? column("update") : 1/0):(column("metric")) with lines lw 1.6 lc rgb "#0072B2" title "rnn-relu", \
     "evaluation.csv" using (strcol("cell") eq "rnn-tanh" && strcol("length") eq "150" && strcol("seed") eq "1" ? column("update") : 1/0):(column("metric")) with lines lw 1.6 lc rgb "#D55E00" title "rnn-tanh", \
     "evaluation.csv" using (strcol("cell") eq "lstm" && strcol("length") eq "150" && strcol("seed") eq "1" ? column("update") : 1/0):(column("metric")) with lines lw 1.6 lc rgb "#009E73" title "lstm", \
     "evaluation.csv" using (strcol("cell") eq "rnn-relu" && strcol("length") eq "150" && strcol("seed") eq "1" ? column("update") : 1/0):(column("baseline_metric")) with lines lw 1.6 lc rgb "#CC79A7" dt 2 title "baseline 1/6"
