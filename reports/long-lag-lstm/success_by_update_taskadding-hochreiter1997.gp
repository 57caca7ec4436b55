# Redraws success_by_update_taskadding-hochreiter1997.svg from the CSV data alone. Run in this folder: gnuplot success_by_update_taskadding-hochreiter1997.gp
# Writes success_by_update_taskadding-hochreiter1997-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "success_by_update_taskadding-hochreiter1997-gnuplot.svg"
set title "Share of seeds solved by each update, task adding-hochreiter1997 (dashed: Wilson lower bound)" noenhanced
set xlabel "update" noenhanced
set ylabel "share of seeds solved" noenhanced
set key outside right top noenhanced
set grid
set ytics ("0" 0.0, "0.2" 0.2, "0.4" 0.4, "0.6" 0.6000000000000001, "0.8" 0.8, "1" 1.0)
set yrange [0.0:1.0]
plot "success_by_update.csv" using (strcol("arm") eq "adding-hs1997" && strcol("batch_size") eq "32" && strcol("bias") eq "zero" && strcol("forget_bias") eq "10" && strcol("hidden_size") eq "8" && strcol("input_bias") eq "-3" && strcol("learning_rate") eq "0.01" && strcol("length") eq "100" && strcol("optimizer") eq "adam" && strcol("output_bias") eq "-2" && strcol("success_level") eq "0.99" && strcol("task") eq "adding-hochreiter1997" && strcol("updates") eq "3000" ? column("update") : 1/0):(column("rate")) with linespoints lw 1.6 pt 7 ps 0.7 pi 6 lc rgb "#0072B2" title "arm=adding-hs1997", \
     "success_by_update.csv" using (strcol("arm") eq "adding-hs1997" && strcol("batch_size") eq "32" && strcol("bias") eq "zero" && strcol("forget_bias") eq "10" && strcol("hidden_size") eq "8" && strcol("input_bias") eq "-3" && strcol("learning_rate") eq "0.01" && strcol("length") eq "100" && strcol("optimizer") eq "adam" && strcol("output_bias") eq "-2" && strcol("success_level") eq "0.99" && strcol("task") eq "adding-hochreiter1997" && strcol("updates") eq "3000" ? column("update") : 1/0):(column("rate_lower")) with lines lw 1.6 lc rgb "#0072B2" dt 2 notitle, \
     "success_by_update.csv" using (strcol("arm") eq "adding-default" && strcol("batch_size") eq "32" && strcol("bias") eq "pytorch" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "8" && strcol("input_bias") eq "" && strcol("learning_rate") eq "0.01" && strcol("length") eq "100" && strcol("optimizer") eq "adam" && strcol("output_bias") eq "" && strcol("success_level") eq "0.99" && strcol("task") eq "adding-hochreiter1997" && strcol("updates") eq "3000" ? column("update") : 1/0):(column("rate")) with linespoints lw 1.6 pt 5 ps 0.7 pi 6 lc rgb "#D55E00" title "arm=adding-default", \
     "success_by_update.csv" using (strcol("arm") eq "adding-default" && strcol("batch_size") eq "32" && strcol("bias") eq "pytorch" && strcol("forget_bias") eq "" && strcol("hidden_size") eq "8" && strcol("input_bias") eq "" && strcol("learning_rate") eq "0.01" && strcol("length") eq "100" && strcol("optimizer") eq "adam" && strcol("output_bias") eq "" && strcol("success_level") eq "0.99" && strcol("task") eq "adding-hochreiter1997" && strcol("updates") eq "3000" ? column("update") : 1/0):(column("rate_lower")) with lines lw 1.6 lc rgb "#D55E00" dt 2 notitle
