# Redraws informative_gradient_taskadding-hochreiter1997.svg from the CSV data alone. Run in this folder: gnuplot informative_gradient_taskadding-hochreiter1997.gp
# Writes informative_gradient_taskadding-hochreiter1997-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "informative_gradient_taskadding-hochreiter1997-gnuplot.svg"
set title "Gradient reaching the informative step, relative to the last step (seed 1, task adding-hochreiter1997)" noenhanced
set xlabel "update" noenhanced
set ylabel "‖∂L/∂h_informative‖ / ‖∂L/∂h_T‖ (log scale)" noenhanced
set key outside right top noenhanced
set grid
set ytics ("1e-20" -20.0, "1e-15" -15.0, "1e-10" -10.0, "1e-5" -5.0)
set yrange [-20.366577065366574:-0.18831659254866162]
plot "lag_norms.csv" using (strcol("arm") eq "adding-hs1997" && strcol("batch_size") eq "32" && strcol("bias") eq "zero" && strcol("forget_bias") eq "10" && strcol("hidden_size") eq "8" && strcol("input_bias") eq "-3" && strcol("learning_rate") eq "0.01" && strcol("length") eq "100" && strcol("optimizer") eq "adam" && strcol("output_bias") eq "-2" && strcol("success_level") eq "0.99" && strcol("updates") eq "3000" && strcol("informative") eq "true" && strcol("seed") eq "1" && strcol("task") eq "adding-hochreiter1997" ? column("update") : 1/0):(column("ratio_to_last_log10")) with linespoints lw 1.6 pt 7 ps 0.7 pi 1 lc rgb "#0072B2" title "arm=adding-hs1997", \
     "lag_norms.csv" using (strcol("arm") eq "adding-default" && strcol("batch_size") eq "32" && strcol("bias") eq "pytorch" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "8" && strcol("input_bias") eq "" && strcol("learning_rate") eq "0.01" && strcol("length") eq "100" && strcol("optimizer") eq "adam" && strcol("output_bias") eq "" && strcol("success_level") eq "0.99" && strcol("updates") eq "3000" && strcol("informative") eq "true" && strcol("seed") eq "1" && strcol("task") eq "adding-hochreiter1997" ? column("update") : 1/0):(column("ratio_to_last_log10")) with linespoints lw 1.6 pt 5 ps 0.7 pi 1 lc rgb "#D55E00" title "arm=adding-default"
