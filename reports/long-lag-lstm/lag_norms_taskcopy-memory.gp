# Redraws lag_norms_taskcopy-memory.svg from the CSV data alone. Run in this folder: gnuplot lag_norms_taskcopy-memory.gp
# Writes lag_norms_taskcopy-memory-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "lag_norms_taskcopy-memory-gnuplot.svg"
set title "‖∂L/∂h_t‖ against lag, first record dashed, last solid (seed 1, task copy-memory)" noenhanced
set xlabel "lag T − t" noenhanced
set ylabel "‖∂L/∂h_t‖ (log scale)" noenhanced
set key outside right top noenhanced
set grid
set ytics ("1e-6" -6.0, "1e-5" -5.0, "1e-4" -4.0, "1e-3" -3.0)
set yrange [-6.1703412708571355:-2.8177401930269053]
plot "lag_norms.csv" using (strcol("arm") eq "copy-lstm" && strcol("batch_size") eq "20" && strcol("bias") eq "pytorch" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "40" && strcol("input_bias") eq "" && strcol("learning_rate") eq "0.001" && strcol("length") eq "100" && strcol("optimizer") eq "rmsprop" && strcol("output_bias") eq "" && strcol("success_level") eq "0.99" && strcol("updates") eq "2000" && strcol("seed") eq "1" && strcol("task") eq "copy-memory" && strcol("update") eq "2000" ? column("lag") : 1/0):(column("grad_h_log10")) with linespoints lw 1.6 pt 7 ps 0.7 pi 4 lc rgb "#0072B2" title " (update 2000)", \
     "lag_norms.csv" using (strcol("arm") eq "copy-lstm" && strcol("batch_size") eq "20" && strcol("bias") eq "pytorch" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "40" && strcol("input_bias") eq "" && strcol("learning_rate") eq "0.001" && strcol("length") eq "100" && strcol("optimizer") eq "rmsprop" && strcol("output_bias") eq "" && strcol("success_level") eq "0.99" && strcol("updates") eq "2000" && strcol("seed") eq "1" && strcol("task") eq "copy-memory" && strcol("update") eq "1" ? column("lag") : 1/0):(column("grad_h_log10")) with lines lw 1.6 lc rgb "#0072B2" dt 2 notitle
