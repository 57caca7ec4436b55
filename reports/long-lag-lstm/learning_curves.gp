# Redraws learning_curves.svg from the CSV data alone. Run in this folder: gnuplot learning_curves.gp
# Writes learning_curves-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "learning_curves-gnuplot.svg"
set title "Held-out accuracy during training (seed 1)" noenhanced
set xlabel "update" noenhanced
set ylabel "accuracy" noenhanced
set key outside right top noenhanced
set grid
plot "evaluation.csv" using (strcol("arm") eq "adding-hs1997" && strcol("batch_size") eq "32" && strcol("bias") eq "zero" && strcol("forget_bias") eq "10" && strcol("hidden_size") eq "8" && strcol("input_bias") eq "-3" && strcol("learning_rate") eq "0.01" && strcol("length") eq "100" && strcol("optimizer") eq "adam" && strcol("output_bias") eq "-2" && strcol("success_level") eq "0.99" && strcol("task") eq "adding-hochreiter1997" && strcol("updates") eq "3000" && strcol("seed") eq "1" ? column("update") : 1/0):(column("metric")) with lines lw 1.6 lc rgb "#0072B2" title "arm=adding-hs1997", \
     "evaluation.csv" using (strcol("arm") eq "adding-default" && strcol("batch_size") eq "32" && strcol("bias") eq "pytorch" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "8" && strcol("input_bias") eq "" && strcol("learning_rate") eq "0.01" && strcol("length") eq "100" && strcol("optimizer") eq "adam" && strcol("output_bias") eq "" && strcol("success_level") eq "0.99" && strcol("task") eq "adding-hochreiter1997" && strcol("updates") eq "3000" && strcol("seed") eq "1" ? column("update") : 1/0):(column("metric")) with lines lw 1.6 lc rgb "#D55E00" title "arm=adding-default", \
     "evaluation.csv" using (strcol("arm") eq "copy-lstm" && strcol("batch_size") eq "20" && strcol("bias") eq "pytorch" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "40" && strcol("input_bias") eq "" && strcol("learning_rate") eq "0.001" && strcol("length") eq "100" && strcol("optimizer") eq "rmsprop" && strcol("output_bias") eq "" && strcol("success_level") eq "0.99" && strcol("task") eq "copy-memory" && strcol("updates") eq "2000" && strcol("seed") eq "1" ? column("update") : 1/0):(column("metric")) with lines lw 1.6 lc rgb "#009E73" title "arm=copy-lstm"
