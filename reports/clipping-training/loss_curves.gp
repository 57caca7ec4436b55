# Redraws loss_curves.svg from the CSV data alone. Run in this folder: gnuplot loss_curves.gp
# Writes loss_curves-gnuplot.svg.
set datafile separator ","
set datafile columnheaders
set terminal svg size 760,460 dynamic enhanced background rgb "white" font "Helvetica,12"
set output "loss_curves-gnuplot.svg"
set title "Training loss (seed 1)" noenhanced
set xlabel "update" noenhanced
set ylabel "loss (log scale)" noenhanced
set key below left noenhanced
set grid
set format y "1e%g"
plot "training.csv" using (strcol("sigma_max") eq "2" && strcol("clip") eq "none" && strcol("clip_relative") eq "" && strcol("clip_threshold") eq "" && strcol("seed") eq "1" ? column("update") : 1/0):(log10(column("loss"))) with lines lw 1.6 lc rgb "#0072B2" title "sigma_max=2, clip=none", \
     "training.csv" using (strcol("sigma_max") eq "2" && strcol("clip") eq "global-norm" && strcol("clip_relative") eq "0.5" && strcol("clip_threshold") eq "" && strcol("seed") eq "1" ? column("update") : 1/0):(log10(column("loss"))) with lines lw 1.6 lc rgb "#D55E00" title "sigma_max=2, clip=global-norm, clip_relative=0.5", \
     "training.csv" using (strcol("sigma_max") eq "2" && strcol("clip") eq "global-norm" && strcol("clip_relative") eq "1" && strcol("clip_threshold") eq "" && strcol("seed") eq "1" ? column("update") : 1/0):(log10(column("loss"))) with lines lw 1.6 lc rgb "#009E73" title "sigma_max=2, clip=global-norm, clip_relative=1", \
     "training.csv" using (strcol("sigma_max") eq "2" && strcol("clip") eq "global-norm" && strcol("clip_relative") eq "2" && strcol("clip_threshold") eq "" && strcol("seed") eq "1" ? column("update") : 1/0):(log10(column("loss"))) with lines lw 1.6 lc rgb "#CC79A7" title "sigma_max=2, clip=global-norm, clip_relative=2", \
     "training.csv" using (strcol("sigma_max") eq "2" && strcol("clip") eq "global-norm" && strcol("clip_relative") eq "5" && strcol("clip_threshold") eq "" && strcol("seed") eq "1" ? column("update") : 1/0):(log10(column("loss"))) with lines lw 1.6 lc rgb "#E69F00" title "sigma_max=2, clip=global-norm, clip_relative=5", \
     "training.csv" using (strcol("sigma_max") eq "2" && strcol("clip") eq "global-norm" && strcol("clip_relative") eq "10" && strcol("clip_threshold") eq "" && strcol("seed") eq "1" ? column("update") : 1/0):(log10(column("loss"))) with lines lw 1.6 lc rgb "#56B4E9" title "sigma_max=2, clip=global-norm, clip_relative=10", \
     "training.csv" using (strcol("sigma_max") eq "2" && strcol("clip") eq "value" && strcol("clip_relative") eq "" && strcol("clip_threshold") eq "0.01" && strcol("seed") eq "1" ? column("update") : 1/0):(log10(column("loss"))) with lines lw 1.6 lc rgb "#000000" title "sigma_max=2, clip=value, clip_threshold=0.01", \
     "training.csv" using (strcol("sigma_max") eq "3" && strcol("clip") eq "none" && strcol("clip_relative") eq "" && strcol("clip_threshold") eq "" && strcol("seed") eq "1" ? column("update") : 1/0):(log10(column("loss"))) with lines lw 1.6 lc rgb "#F0E442" title "sigma_max=3, clip=none", \
     "training.csv" using (strcol("sigma_max") eq "3" && strcol("clip") eq "global-norm" && strcol("clip_relative") eq "0.5" && strcol("clip_threshold") eq "" && strcol("seed") eq "1" ? column("update") : 1/0):(log10(column("loss"))) with lines lw 1.6 lc rgb "#0072B2" title "sigma_max=3, clip=global-norm, clip_relative=0.5", \
     "training.csv" using (strcol("sigma_max") eq "3" && strcol("clip") eq "global-norm" && strcol("clip_relative") eq "1" && strcol("clip_threshold") eq "" && strcol("seed") eq "1" ? column("update") : 1/0):(log10(column("loss"))) with lines lw 1.6 lc rgb "#D55E00" title "sigma_max=3, clip=global-norm, clip_relative=1", \
     "training.csv" using (strcol("sigma_max") eq "3" && strcol("clip") eq "global-norm" && strcol("clip_relative") eq "2" && strcol("clip_threshold") eq "" && strcol("seed") eq "1" ? column("update") : 1/0):(log10(column("loss"))) with lines lw 1.6 lc rgb "#009E73" title "sigma_max=3, clip=global-norm, clip_relative=2", \
     "training.csv" using (strcol("sigma_max") eq "3" && strcol("clip") eq "global-norm" && strcol("clip_relative") eq "5" && strcol("clip_threshold") eq "" && strcol("seed") eq "1" ? column("update") : 1/0):(log10(column("loss"))) with lines lw 1.6 lc rgb "#CC79A7" title "sigma_max=3, clip=global-norm, clip_relative=5", \
     "training.csv" using (strcol("sigma_max") eq "3" && strcol("clip") eq "global-norm" && strcol("clip_relative") eq "10" && strcol("clip_threshold") eq "" && strcol("seed") eq "1" ? column("update") : 1/0):(log10(column("loss"))) with lines lw 1.6 lc rgb "#E69F00" title "sigma_max=3, clip=global-norm, clip_relative=10", \
     "training.csv" using (strcol("sigma_max") eq "3" && strcol("clip") eq "value" && strcol("clip_relative") eq "" && strcol("clip_threshold") eq "0.01" && strcol("seed") eq "1" ? column("update") : 1/0):(log10(column("loss"))) with lines lw 1.6 lc rgb "#56B4E9" title "sigma_max=3, clip=value, clip_threshold=0.01"
