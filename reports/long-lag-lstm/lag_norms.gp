# Redraws lag_norms.svg from the CSV data alone. Run in this folder: gnuplot lag_norms.gp
# Writes lag_norms-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "lag_norms-gnuplot.svg"
set title "‖∂L/∂h_t‖ against lag during training (arm=adding-hs1997;batch_size=32;bias=zero;forget_bias=10;hidden_size=8;input_bias=-3;learning_rate=0.01;length=100;optimizer=adam;output_bias=-2;success_level=0.99;task=adding-hochreiter1997;updates=3000;seed=1)" noenhanced
set xlabel "lag T − t" noenhanced
set ylabel "‖∂L/∂h_t‖ (log scale)" noenhanced
set key outside right top noenhanced
set grid
set format y "1e%g"
plot "lag_norms.csv" using (strcol("run") eq "arm=adding-hs1997;batch_size=32;bias=zero;forget_bias=10;hidden_size=8;input_bias=-3;learning_rate=0.01;length=100;optimizer=adam;output_bias=-2;success_level=0.99;task=adding-hochreiter1997;updates=3000;seed=1" && strcol("update") eq "1" ? column("lag") : 1/0):(column("grad_h_log10")) with lines lw 1.6 lc rgb "#0072B2" title "update 1", \
     "lag_norms.csv" using (strcol("run") eq "arm=adding-hs1997;batch_size=32;bias=zero;forget_bias=10;hidden_size=8;input_bias=-3;learning_rate=0.01;length=100;optimizer=adam;output_bias=-2;success_level=0.99;task=adding-hochreiter1997;updates=3000;seed=1" && strcol("update") eq "3000" ? column("lag") : 1/0):(column("grad_h_log10")) with lines lw 1.6 lc rgb "#D55E00" title "update 3000"
