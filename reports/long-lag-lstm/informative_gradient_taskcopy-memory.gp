# Redraws informative_gradient_taskcopy-memory.svg from the CSV data alone. Run in this folder: gnuplot informative_gradient_taskcopy-memory.gp
# Writes informative_gradient_taskcopy-memory-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "informative_gradient_taskcopy-memory-gnuplot.svg"
set title "Gradient reaching the informative step, relative to the last step (seed 1, task copy-memory)" noenhanced
set xlabel "update" noenhanced
set ylabel "‖∂L/∂h_informative‖ / ‖∂L/∂h_T‖ (log scale)" noenhanced
set key outside right top noenhanced
set grid
set ytics ("0.02" -1.6989700043360187, "0.03" -1.5228787452803376, "0.04" -1.3979400086720375, "0.05" -1.3010299956639813, "0.06" -1.2218487496163564, "0.07" -1.154901959985743, "0.08" -1.0969100130080565, "0.09" -1.0457574905606752, "1e-1" -1.0, "0.2" -0.6989700043360187, "0.3" -0.5228787452803376, "0.4" -0.3979400086720376, "0.5" -0.30102999566398114, "0.6" -0.22184874961635637, "0.7" -0.1549019599857432, "0.8" -0.09691001300805646, "0.9" -0.04575749056067513, "1e0" 0.0)
set yrange [-1.976292324055089:0.10759456868066719]
plot "lag_norms.csv" using (strcol("arm") eq "copy-lstm" && strcol("batch_size") eq "20" && strcol("bias") eq "pytorch" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "40" && strcol("input_bias") eq "" && strcol("learning_rate") eq "0.001" && strcol("length") eq "100" && strcol("optimizer") eq "rmsprop" && strcol("output_bias") eq "" && strcol("success_level") eq "0.99" && strcol("updates") eq "2000" && strcol("informative") eq "true" && strcol("seed") eq "1" && strcol("task") eq "copy-memory" ? column("update") : 1/0):(column("ratio_to_last_log10")) with linespoints lw 1.6 pt 7 ps 0.7 pi 1 lc rgb "#0072B2" title ""
