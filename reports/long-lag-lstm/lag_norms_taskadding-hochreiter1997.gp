# Redraws lag_norms_taskadding-hochreiter1997.svg from the CSV data alone. Run in this folder: gnuplot lag_norms_taskadding-hochreiter1997.gp
# Writes lag_norms_taskadding-hochreiter1997-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "lag_norms_taskadding-hochreiter1997-gnuplot.svg"
set title "‖∂L/∂h_t‖ against lag, first record dashed, last solid (seed 1, task adding-hochreiter1997)" noenhanced
set xlabel "lag T − t" noenhanced
set ylabel "‖∂L/∂h_t‖ (log scale)" noenhanced
set key below left noenhanced
set grid
set ytics ("1e-20" -20.0, "1e-15" -15.0, "1e-10" -10.0, "1e-5" -5.0, "1e0" 0.0)
set yrange [-21.507511733594885:0.07885450265736227]
plot "lag_norms.csv" using (strcol("arm") eq "adding-hs1997" && strcol("batch_size") eq "32" && strcol("bias") eq "zero" && strcol("forget_bias") eq "10" && strcol("hidden_size") eq "8" && strcol("input_bias") eq "-3" && strcol("learning_rate") eq "0.01" && strcol("length") eq "100" && strcol("optimizer") eq "adam" && strcol("output_bias") eq "-2" && strcol("success_level") eq "0.99" && strcol("updates") eq "3000" && strcol("seed") eq "1" && strcol("task") eq "adding-hochreiter1997" && strcol("update") eq "3000" ? column("lag") : 1/0):(column("grad_h_log10")) with linespoints lw 1.6 pt 7 ps 0.7 pi 5 lc rgb "#0072B2" title "arm=adding-hs1997 (update 3000)", \
     "lag_norms.csv" using (strcol("arm") eq "adding-hs1997" && strcol("batch_size") eq "32" && strcol("bias") eq "zero" && strcol("forget_bias") eq "10" && strcol("hidden_size") eq "8" && strcol("input_bias") eq "-3" && strcol("learning_rate") eq "0.01" && strcol("length") eq "100" && strcol("optimizer") eq "adam" && strcol("output_bias") eq "-2" && strcol("success_level") eq "0.99" && strcol("updates") eq "3000" && strcol("seed") eq "1" && strcol("task") eq "adding-hochreiter1997" && strcol("update") eq "1" ? column("lag") : 1/0):(column("grad_h_log10")) with lines lw 1.6 lc rgb "#0072B2" dt 2 notitle, \
     "lag_norms.csv" using (strcol("arm") eq "adding-default" && strcol("batch_size") eq "32" && strcol("bias") eq "pytorch" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "8" && strcol("input_bias") eq "" && strcol("learning_rate") eq "0.01" && strcol("length") eq "100" && strcol("optimizer") eq "adam" && strcol("output_bias") eq "" && strcol("success_level") eq "0.99" && strcol("updates") eq "3000" && strcol("seed") eq "1" && strcol("task") eq "adding-hochreiter1997" && strcol("update") eq "3000" ? column("lag") : 1/0):(column("grad_h_log10")) with linespoints lw 1.6 pt 5 ps 0.7 pi 5 lc rgb "#D55E00" title "arm=adding-default (update 3000)", \
     "lag_norms.csv" using (strcol("arm") eq "adding-default" && strcol("batch_size") eq "32" && strcol("bias") eq "pytorch" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "8" && strcol("input_bias") eq "" && strcol("learning_rate") eq "0.01" && strcol("length") eq "100" && strcol("optimizer") eq "adam" && strcol("output_bias") eq "" && strcol("success_level") eq "0.99" && strcol("updates") eq "3000" && strcol("seed") eq "1" && strcol("task") eq "adding-hochreiter1997" && strcol("update") eq "1" ? column("lag") : 1/0):(column("grad_h_log10")) with lines lw 1.6 lc rgb "#D55E00" dt 2 notitle
