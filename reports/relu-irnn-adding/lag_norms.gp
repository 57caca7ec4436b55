# Redraws lag_norms.svg from the CSV data alone. Run in this folder: gnuplot lag_norms.gp
# Writes lag_norms-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "lag_norms-gnuplot.svg"
set title "‖∂L/∂h_t‖ against lag during training (length=150;arm=irnn-lr0.0001;bias=zero;cell=rnn-relu;init=identity;learning_rate=0.0001;seed=1)" noenhanced
set xlabel "lag T − t" noenhanced
set ylabel "‖∂L/∂h_t‖ (log scale)" noenhanced
set key outside right top noenhanced
set grid
set format y "1e%g"
plot "lag_norms.csv" using (strcol("run") eq "length=150;arm=irnn-lr0.0001;bias=zero;cell=rnn-relu;init=identity;learning_rate=0.0001;seed=1" && strcol("update") eq "1" ? column("lag") : 1/0):(column("grad_h_log10")) with lines lw 1.6 lc rgb "#0072B2" title "update 1", \
     "lag_norms.csv" using (strcol("run") eq "length=150;arm=irnn-lr0.0001;bias=zero;cell=rnn-relu;init=identity;learning_rate=0.0001;seed=1" && strcol("update") eq "2000" ? column("lag") : 1/0):(column("grad_h_log10")) with lines lw 1.6 lc rgb "#D55E00" title "update 2000"
